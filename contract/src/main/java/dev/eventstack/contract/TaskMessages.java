package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;

/**
 * Bodies of the {@link Addresses.Tasks} requests and of {@link Addresses.Events#TASK_CHANGED}.
 *
 * <ul>
 *   <li>{@code tasks.list}: any body → {@code {"tasks": {id: task, …}}}
 *   <li>{@code tasks.get}: {@code {"id"}} → {@code {"id", "task"}}, or {@link BusError#NOT_FOUND}
 *   <li>{@code tasks.create}: {@code {"task"}} → {@code {"id"}}
 *   <li>{@code tasks.replace}: {@code {"id", "task"}} → {@code {"id"}}, or NOT_FOUND
 *   <li>{@code tasks.delete}: {@code {"id"}} → {@code {"id"}}, or NOT_FOUND
 *   <li>{@code task.changed}: {@code {"change": "created|replaced|deleted", "id", "task"?}}
 * </ul>
 *
 * A task is the JSON document of {@code schemas/task-v1.json}; its id is never inside it.
 */
public final class TaskMessages {

  private TaskMessages() {}

  public static final String ID = "id";
  public static final String TASK = "task";
  public static final String TASKS = "tasks";
  public static final String CHANGE = "change";

  /** A task's due date: epoch seconds that fit a 64-bit integer. */
  public static final String DUE_DATE = "due_date";

  /** Classpath location of the draft-07 JSON Schema of a task. */
  public static final String SCHEMA_RESOURCE = "schemas/task-v1.json";

  /** A task id is 32 lowercase hex characters, as the seed's ids are. */
  public static final String ID_PATTERN = "[0-9a-f]{32}";

  public static JsonObject byId(String id) {
    return new JsonObject().put(ID, id);
  }

  public static JsonObject withTask(String id, JsonObject task) {
    return byId(id).put(TASK, task);
  }

  public static JsonObject changed(String change, String id, JsonObject task) {
    JsonObject event = new JsonObject().put(CHANGE, change).put(ID, id);
    return task == null ? event : event.put(TASK, task);
  }
}
