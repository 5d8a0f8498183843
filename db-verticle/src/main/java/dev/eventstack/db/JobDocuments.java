package dev.eventstack.db;

import static dev.eventstack.contract.JobMessages.ATTEMPTS;
import static dev.eventstack.contract.JobMessages.ERROR;
import static dev.eventstack.contract.JobMessages.FAILED;
import static dev.eventstack.contract.JobMessages.FILE;
import static dev.eventstack.contract.JobMessages.ID;
import static dev.eventstack.contract.JobMessages.LEASE_MS;
import static dev.eventstack.contract.JobMessages.OWNER;
import static dev.eventstack.contract.JobMessages.PAYLOAD;
import static dev.eventstack.contract.JobMessages.QUEUED;
import static dev.eventstack.contract.JobMessages.RESULT;
import static dev.eventstack.contract.JobMessages.STATUS;
import static dev.eventstack.contract.JobMessages.SUCCEEDED;
import static dev.eventstack.contract.JobMessages.TYPE;

import dev.eventstack.contract.JobMessages;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * How a job of the queue is stored in the {@code jobs} collection and shown by the API, and what a
 * worker may report about it. {@link JobQueueStore} runs the queries; this maps the documents.
 */
final class JobDocuments {

  // Stored field names; times are epoch milliseconds so that the database compares them.
  static final String MAX_ATTEMPTS = "maxAttempts";
  static final String CREATED_MS = "createdMs";
  static final String STARTED_MS = "startedMs";
  static final String ENDED_MS = "endedMs";
  static final String RUN_AFTER_MS = "runAfterMs";
  static final String LEASE_UNTIL_MS = "leaseUntilMs";
  static final String HAS_FILE = "hasFile";

  /** The longest lease a worker may take or renew: an hour. */
  static final long MOST_LEASE_MS = 3_600_000;

  private JobDocuments() {}

  /** A job just submitted: queued, due now, no attempt yet. */
  static JsonObject submitted(JsonObject submit, long now) {
    return new JsonObject()
        .put("_id", RandomIds.next())
        .put(TYPE, submit.getString(TYPE))
        .put(PAYLOAD, submit.getJsonObject(PAYLOAD, new JsonObject()))
        .put(STATUS, QUEUED)
        .put(ATTEMPTS, 0)
        .put(MAX_ATTEMPTS, submit.getInteger(JobMessages.MAX_ATTEMPTS))
        .put(CREATED_MS, now)
        .put(RUN_AFTER_MS, now);
  }

  /** Workers also call over the bridge: their owner and lease must be sane. */
  static String badClaim(JsonObject body, long leastLease) {
    if (!(body.getValue(OWNER) instanceof String owner) || owner.isBlank()) {
      return "owner: a non-empty string is required";
    }
    if (!(body.getValue(LEASE_MS) instanceof Number lease)
        || lease.longValue() < leastLease
        || lease.longValue() > MOST_LEASE_MS) {
      return "lease_ms: expected a number of ms from " + leastLease + " to " + MOST_LEASE_MS;
    }
    return null;
  }

  /** A result file is served as a download: its name and type go into HTTP headers. */
  static String badFile(Object file) {
    if (file == null) {
      return null;
    }
    if (!(file instanceof JsonObject f)
        || !(f.getValue(JobMessages.FILE_NAME) instanceof String name)
        || !name.matches("[A-Za-z0-9._-]{1,128}")
        || !(f.getValue(JobMessages.FILE_CONTENT_TYPE) instanceof String type)
        || !type.matches("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+(; ?charset=[A-Za-z0-9-]+)?")
        || !(f.getValue(JobMessages.FILE_CONTENT) instanceof String)) {
      return "file: expected {name: [A-Za-z0-9._-], contentType: type/subtype, content: string}";
    }
    return null;
  }

  /**
   * How a worker says a run ended ({@code jobs.finish}), read as soon as it arrives: a field of the
   * wrong type throws here, before anything is written, which makes it the caller's mistake (400).
   */
  record Report(
      boolean succeeded, JsonObject result, boolean hasFile, String error, long retryDelayMs) {

    /** Reads only the fields of its outcome: a success's result, a failure's error and delay. */
    static Report of(JsonObject body) {
      if (SUCCEEDED.equals(body.getString(JobMessages.OUTCOME))) {
        return new Report(
            true, body.getJsonObject(RESULT, new JsonObject()), body.containsKey(FILE), null, 0);
      }
      return new Report(
          false,
          null,
          false,
          body.getString(ERROR, "failed"),
          body.getLong(JobMessages.RETRY_DELAY_MS, 0L));
    }
  }

  /**
   * The {@code $set} that ends a run as its worker reported: succeeded, or failed, which queues a
   * retry after {@code retry_delay_ms} while attempts remain and fails the job for good otherwise.
   */
  static JsonObject outcome(JsonObject running, Report report) {
    long now = System.currentTimeMillis();
    JsonObject set = new JsonObject().put(OWNER, null).put(LEASE_UNTIL_MS, null);
    if (report.succeeded()) {
      return set.put(STATUS, SUCCEEDED)
          .put(ENDED_MS, now)
          .put(RESULT, report.result())
          .put(HAS_FILE, report.hasFile())
          .put(ERROR, null);
    }
    set.put(ERROR, report.error());
    return retriedOrFailed(set, running, now, now + report.retryDelayMs());
  }

  /** The {@code $set} that takes a job from a worker that stopped renewing its lease. */
  static JsonObject leaseExpired(JsonObject running, long now) {
    String error = "lease expired: worker " + running.getString(OWNER) + " stopped renewing it";
    JsonObject set = new JsonObject().put(OWNER, null).put(LEASE_UNTIL_MS, null).put(ERROR, error);
    return retriedOrFailed(set, running, now, now);
  }

  /** Queued again for {@code runAfterMs} while attempts remain, else failed for good. */
  private static JsonObject retriedOrFailed(
      JsonObject set, JsonObject running, long now, long runAfterMs) {
    if (running.getInteger(ATTEMPTS) < running.getInteger(MAX_ATTEMPTS)) {
      return set.put(STATUS, QUEUED).put(RUN_AFTER_MS, runAfterMs);
    }
    return set.put(STATUS, FAILED).put(ENDED_MS, now);
  }

  /** The job as the API shows it. */
  static JsonObject view(JsonObject document) {
    JsonObject job =
        new JsonObject()
            .put(ID, document.getString("_id"))
            .put(TYPE, document.getString(TYPE))
            .put(PAYLOAD, document.getJsonObject(PAYLOAD))
            .put(STATUS, document.getString(STATUS))
            .put(ATTEMPTS, document.getInteger(ATTEMPTS))
            .put(JobMessages.MAX_ATTEMPTS, document.getInteger(MAX_ATTEMPTS))
            .put(JobMessages.CREATED, iso(document.getLong(CREATED_MS)));
    putTime(job, JobMessages.STARTED, document.getLong(STARTED_MS));
    putTime(job, JobMessages.ENDED, document.getLong(ENDED_MS));
    if (QUEUED.equals(document.getString(STATUS)) && document.getInteger(ATTEMPTS) > 0) {
      putTime(job, JobMessages.NEXT_ATTEMPT, document.getLong(RUN_AFTER_MS));
    }
    if (document.getValue(RESULT) != null) {
      job.put(RESULT, document.getValue(RESULT));
    }
    if (document.getString(ERROR) != null) {
      job.put(ERROR, document.getString(ERROR));
    }
    if (document.getBoolean(HAS_FILE, false)) {
      job.put("result_file", true);
    }
    if (document.getString(OWNER) != null) {
      job.put(OWNER, document.getString(OWNER));
    }
    return job;
  }

  private static void putTime(JsonObject job, String field, Long millis) {
    if (millis != null) {
      job.put(field, iso(millis));
    }
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
