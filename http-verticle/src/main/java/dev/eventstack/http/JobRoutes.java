package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.JobTypes;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job queue of seed 004 ({@code /jobs}) and its counts by status ({@code /jobs/counts}), the
 * scheduled jobs and their run log ({@code /jobs/scheduled}, {@code /jobs/runs}), and seed 000's
 * {@code /locking/{lockId}}.
 */
final class JobRoutes {

  private static final String COLLECTION = "/jobs";
  private static final String ITEM = "/jobs/:id";
  private static final Pattern JOB_ID = Pattern.compile(JobMessages.ID_PATTERN);
  private static final Pattern LOCK_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Set<String> SUBMIT_FIELDS =
      Set.of(JobMessages.TYPE, JobMessages.PAYLOAD, JobMessages.MAX_ATTEMPTS);
  private static final int DEFAULT_HOLD_MS = 5_000;
  private static final int MOST_HOLD_MS = 3_600_000;

  private final BusRequests bus;
  private final TokenCheck tokens;
  private final long busTimeoutMs;

  JobRoutes(BusRequests bus, TokenCheck tokens, long busTimeoutMs) {
    this.bus = bus;
    this.tokens = tokens;
    this.busTimeoutMs = busTimeoutMs;
  }

  void mount(Router router, BodyHandler bodies) {
    router.get("/locking/:lockId").handler(this::lock);
    router.get("/jobs/scheduled").handler(this::scheduled);
    router.get("/jobs/runs").handler(this::runs);
    router.get("/jobs/counts").handler(this::counts);
    // A write needs a token when auth is on; it is checked before the body is even read.
    JsonBodies.objectBody(router.post(COLLECTION).handler(tokens.forApiWrites()), bodies)
        .handler(this::submit);
    router.get(COLLECTION).handler(this::list);
    router.get(ITEM + "/result").handler(this::result);
    router.get(ITEM).handler(this::get);
    router.delete(ITEM).handler(tokens::requireForApi).handler(this::cancel);
  }

  private void submit(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    for (String field : body.fieldNames()) {
      if (!SUBMIT_FIELDS.contains(field)) {
        throw new ApiException(400, "Unknown field '" + field + "'; a job takes " + SUBMIT_FIELDS);
      }
    }
    if (!(body.getValue(JobMessages.TYPE) instanceof String type)) {
      throw new ApiException(400, "type: expected one of " + JobTypes.names());
    }
    Object payloadValue = body.getValue(JobMessages.PAYLOAD, new JsonObject());
    if (!(payloadValue instanceof JsonObject payload)) {
      throw new ApiException(400, "payload: expected a JSON object");
    }
    String problem = JobTypes.problemWith(type, payload);
    if (problem != null) {
      throw new ApiException(400, problem);
    }
    Object attempts = body.getValue(JobMessages.MAX_ATTEMPTS, JobMessages.DEFAULT_MAX_ATTEMPTS);
    if (!(attempts instanceof Integer maxAttempts)
        || maxAttempts < 1
        || maxAttempts > JobMessages.MOST_ATTEMPTS) {
      throw new ApiException(
          400, "max_attempts: expected an integer from 1 to " + JobMessages.MOST_ATTEMPTS);
    }
    bus.request(ctx, Addresses.Jobs.SUBMIT, JobMessages.submit(type, payload, maxAttempts))
        .onSuccess(
            reply -> {
              JsonObject job = reply.getJsonObject(JobMessages.JOB);
              ctx.response()
                  .putHeader(
                      HttpHeaders.LOCATION, COLLECTION + "/" + job.getString(JobMessages.ID));
              JsonReplies.send(
                  ctx,
                  202,
                  new JsonObject()
                      .put(JobMessages.ID, job.getString(JobMessages.ID))
                      .put(JobMessages.STATUS, job.getString(JobMessages.STATUS)));
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    JsonObject query =
        new JsonObject()
            .put(
                JobMessages.LIMIT,
                QueryParams.integer(
                    params,
                    JobMessages.LIMIT,
                    JobMessages.DEFAULT_LIST_LIMIT,
                    1,
                    JobMessages.MOST_LISTED));
    String status = QueryParams.single(params, JobMessages.STATUS);
    if (status != null) {
      if (!JobMessages.STATUSES.contains(status)) {
        throw new ApiException(400, "status: expected one of " + JobMessages.STATUSES);
      }
      query.put(JobMessages.STATUS, status);
    }
    String type = QueryParams.single(params, JobMessages.TYPE);
    if (type != null) {
      if (!JobTypes.names().contains(type)) {
        throw new ApiException(400, "type: expected one of " + JobTypes.names());
      }
      query.put(JobMessages.TYPE, type);
    }
    bus.request(ctx, Addresses.Jobs.LIST, query)
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    bus.request(ctx, Addresses.Jobs.GET, JobMessages.byId(idOf(ctx)))
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    bus.request(ctx, Addresses.Jobs.CANCEL, JobMessages.byId(idOf(ctx)))
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  /** Serves a job's result file as a download. */
  private void result(RoutingContext ctx) {
    bus.request(ctx, Addresses.Jobs.RESULT, JobMessages.byId(idOf(ctx)))
        .onSuccess(
            file ->
                ctx.response()
                    .putHeader(
                        HttpHeaders.CONTENT_TYPE, file.getString(JobMessages.FILE_CONTENT_TYPE))
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"" + file.getString(JobMessages.FILE_NAME) + "\"")
                    .end(file.getString(JobMessages.FILE_CONTENT)))
        .onFailure(ctx::fail);
  }

  private void scheduled(RoutingContext ctx) {
    bus.request(ctx, Addresses.Jobs.SCHEDULED, new JsonObject())
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private void counts(RoutingContext ctx) {
    bus.request(ctx, Addresses.Jobs.COUNTS, new JsonObject())
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private void runs(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    JsonObject query =
        new JsonObject()
            .put(
                JobMessages.LIMIT,
                QueryParams.integer(
                    params,
                    JobMessages.LIMIT,
                    JobMessages.DEFAULT_LIST_LIMIT,
                    1,
                    JobMessages.MOST_LISTED));
    String job = QueryParams.single(params, "job");
    if (job != null) {
      query.put("job", job);
    }
    bus.request(ctx, Addresses.Jobs.LIST_RUNS, query)
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  /**
   * Takes the lock for {@code hold_ms}; the answer comes when it is released again. The node that
   * was asked holds the lock when it runs a scheduler, so that the lock lives and dies with it.
   */
  private void lock(RoutingContext ctx) {
    String lockId = ctx.pathParam("lockId");
    if (!LOCK_ID.matcher(lockId).matches()) {
      throw new ApiException(400, "Lock id: 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    int holdMs =
        QueryParams.integer(
            ctx.queryParams(), JobMessages.HOLD_MS, DEFAULT_HOLD_MS, 0, MOST_HOLD_MS);
    JsonObject hold =
        new JsonObject().put(JobMessages.LOCK, lockId).put(JobMessages.HOLD_MS, holdMs);
    bus.requestHereFirst(ctx, Addresses.Jobs.LOCK_HOLD, hold, holdMs + busTimeoutMs)
        .onSuccess(reply -> JsonReplies.send(ctx, 200, reply))
        .onFailure(ctx::fail);
  }

  private static String idOf(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!JOB_ID.matcher(id).matches()) {
      throw new ApiException(404, "Job " + id + " not found");
    }
    return id;
  }
}
