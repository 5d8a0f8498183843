package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Bodies of the {@link Addresses.Jobs} requests and of {@code job.changed}.
 *
 * <p>A job, as the API shows it: {@code {"id", "type", "payload", "status", "attempts",
 * "max_attempts", "created", "started"?, "ended"?, "next_attempt"?, "result"?, "error"?}}, times in
 * ISO-8601 UTC. Its status goes {@code queued → running → succeeded | failed}, back to {@code
 * queued} for a retry, or {@code queued → cancelled}.
 *
 * <ul>
 *   <li>{@code jobs.submit}: {@code {"type", "payload", "max_attempts"}} → {@code {"job"}}
 *   <li>{@code jobs.get}: {@code {"id"}} → {@code {"job"}}, or NOT_FOUND
 *   <li>{@code jobs.list}: {@code {"status"?, "type"?, "limit"}} → {@code {"jobs": [...]}}, newest
 *       first
 *   <li>{@code jobs.cancel}: {@code {"id"}} → {@code {"job"}}; CONFLICT once it runs or ended
 *   <li>{@code jobs.counts}: {@code {}} → {@code {"counts": {status: n}}}, every one of {@link
 *       #STATUSES}, 0 included
 *   <li>{@code jobs.result}: {@code {"id"}} → {@code {"name", "contentType", "content"}}, or
 *       NOT_FOUND while the job has no file
 *   <li>{@code jobs.claim}: {@code {"owner", "lease_ms", "types"?: [...]}} → {@code {"job"}} with
 *       the job now running, or {@code {}} when none of those types is due
 *   <li>{@code jobs.renew}: {@code {"id", "owner", "attempts", "lease_ms"}} → {@code {}}, or
 *       CONFLICT when the claim was lost; a lease of 0 gives the job up
 *   <li>{@code jobs.finish}: {@code {"id", "owner", "attempts", "outcome": "succeeded"|"failed",
 *       "result"?, "error"?, "file"?, "retry_delay_ms"}} → {@code {"job"}}; CONFLICT when the claim
 *       was lost
 *   <li>{@code jobs.reap}: {@code {"max": n}} → {@code {"requeued", "failed"}}
 *   <li>{@code jobs.queued}: {@code {"id"}}, published
 *   <li>{@code job.changed}: {@code {"job"}}, published after every change of status
 *   <li>{@code jobs.runs.record}: a run row {@code {"job", "node", "tick", "start", "end",
 *       "outcome", "result"?, "error"?}} → {@code {}}
 *   <li>{@code jobs.runs.list}: {@code {"job"?, "limit"}} → {@code {"runs": [...]}}, newest first
 *   <li>{@code jobs.scheduled}: {@code {}} → {@code {"jobs": [{"name", "every"|"daily",
 *       "exclusive", "next_due", "last_run"}]}}
 *   <li>{@code locks.hold}: {@code {"lock", "hold_ms"}} → {@code {"aLock"}}; CONFLICT while another
 *       holder has it
 * </ul>
 */
public final class JobMessages {

  private JobMessages() {}

  public static final String JOB = "job";
  public static final String JOBS = "jobs";
  public static final String ID = "id";
  public static final String TYPE = "type";
  public static final String PAYLOAD = "payload";
  public static final String STATUS = "status";
  public static final String ATTEMPTS = "attempts";
  public static final String MAX_ATTEMPTS = "max_attempts";
  public static final String CREATED = "created";
  public static final String STARTED = "started";
  public static final String ENDED = "ended";
  public static final String NEXT_ATTEMPT = "next_attempt";
  public static final String RESULT = "result";
  public static final String ERROR = "error";
  public static final String LIMIT = "limit";
  public static final String OWNER = "owner";
  public static final String LEASE_MS = "lease_ms";
  public static final String OUTCOME = "outcome";
  public static final String FILE = "file";
  public static final String RETRY_DELAY_MS = "retry_delay_ms";
  public static final String RUNS = "runs";
  public static final String COUNTS = "counts";
  public static final String TYPES = "types";
  public static final String LOCK = "lock";
  public static final String HOLD_MS = "hold_ms";

  /** A job's result file: {@code {"name", "contentType", "content"}} (text). */
  public static final String FILE_NAME = "name";

  public static final String FILE_CONTENT_TYPE = "contentType";
  public static final String FILE_CONTENT = "content";

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public static final List<String> STATUSES =
      List.of(QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED);
  public static final Set<String> ENDED_STATUSES = Set.of(SUCCEEDED, FAILED, CANCELLED);

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int MOST_ATTEMPTS = 10;
  public static final int DEFAULT_LIST_LIMIT = 50;
  public static final int MOST_LISTED = 500;

  /** Job ids are 32 lowercase hex digits, like task ids. */
  public static final String ID_PATTERN = TaskMessages.ID_PATTERN;

  public static JsonObject submit(String type, JsonObject payload, int maxAttempts) {
    return new JsonObject().put(TYPE, type).put(PAYLOAD, payload).put(MAX_ATTEMPTS, maxAttempts);
  }

  public static JsonObject byId(String id) {
    return new JsonObject().put(ID, id);
  }
}
