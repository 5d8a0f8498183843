package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/** The to-do API of seed 002: {@code /tasks} CRUD, served by the db-verticle over the bus. */
final class TaskRoutes {

  private static final Pattern TASK_ID = Pattern.compile(TaskMessages.ID_PATTERN);

  /** due_date is epoch seconds in a 64-bit integer: a double must fall in [-2^63, 2^63). */
  private static final double MIN_EPOCH_SECONDS = -0x1p63;

  private static final double MAX_EPOCH_SECONDS = 0x1p63;

  private final BusRequests bus;
  private final SchemaCheck schema;

  TaskRoutes(BusRequests bus, SchemaCheck schema) {
    this.bus = bus;
    this.schema = schema;
  }

  void mount(Router router, BodyHandler bodies) {
    router.get("/tasks").handler(this::list);
    JsonBodies.objectBody(router.post("/tasks"), bodies).handler(this::create);
    router.get("/tasks/:id").handler(this::get);
    JsonBodies.objectBody(router.put("/tasks/:id"), bodies).handler(this::replace);
    router.delete("/tasks/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    bus.request(ctx, Addresses.Tasks.LIST, new JsonObject())
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply.getJsonObject(TaskMessages.TASKS)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject task = validTask(ctx);
    bus.request(ctx, Addresses.Tasks.CREATE, new JsonObject().put(TaskMessages.TASK, task))
        .onSuccess(
            reply ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader(HttpHeaders.LOCATION, "/tasks/" + reply.getString(TaskMessages.ID))
                    .end())
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = knownShapeId(ctx);
    bus.request(ctx, Addresses.Tasks.GET, TaskMessages.byId(id))
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply.getJsonObject(TaskMessages.TASK)))
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    String id = knownShapeId(ctx);
    JsonObject task = validTask(ctx);
    bus.request(ctx, Addresses.Tasks.REPLACE, TaskMessages.withTask(id, task))
        .onSuccess(reply -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = knownShapeId(ctx);
    bus.request(ctx, Addresses.Tasks.DELETE, TaskMessages.byId(id))
        .onSuccess(reply -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private JsonObject validTask(RoutingContext ctx) {
    JsonObject task = JsonBodies.object(ctx);
    schema.validate(task);
    if (task.getValue(TaskMessages.DUE_DATE) instanceof Number due
        && !(due instanceof Integer || due instanceof Long)
        && !(due.doubleValue() >= MIN_EPOCH_SECONDS && due.doubleValue() < MAX_EPOCH_SECONDS)) {
      throw new ApiException(
          400, "Invalid task: due_date: out of the range of 64-bit epoch seconds");
    }
    return task;
  }

  /** An id that cannot be a task id names no task: 404 without asking the database. */
  private static String knownShapeId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TASK_ID.matcher(id).matches()) {
      throw new ApiException(404, "Task " + id + " not found");
    }
    return id;
  }
}
