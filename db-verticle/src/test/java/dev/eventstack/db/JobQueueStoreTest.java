package dev.eventstack.db;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The claim, lease and retry rules of the job queue, against the embedded MongoDB. */
@ExtendWith(VertxExtension.class)
class JobQueueStoreTest {

  private static final long LONG_LEASE = 60_000;

  @TempDir Path dataDir;
  private Vertx vertx;
  private final List<JsonObject> changes = new CopyOnWriteArrayList<>();
  private final List<String> queuedNotices = new CopyOnWriteArrayList<>();

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    vertx
        .deployVerticle(
            DbVerticle::new,
            new DeploymentOptions()
                .setConfig(
                    new JsonObject().put("dataDir", dataDir.toString()).put("sampleData", false)))
        .await(20, SECONDS);
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.Events.JOB_CHANGED,
            m -> changes.add(m.body().getJsonObject(JobMessages.JOB)));
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.Jobs.QUEUED, m -> queuedNotices.add(m.body().getString(JobMessages.ID)));
  }

  private JsonObject request(String address, JsonObject body) throws Exception {
    return vertx.eventBus().<JsonObject>request(address, body).await(10, SECONDS).body();
  }

  private String submit(int maxAttempts) throws Exception {
    JsonObject job =
        request(
                Addresses.Jobs.SUBMIT,
                JobMessages.submit("demo.sleep", new JsonObject().put("ms", 1), maxAttempts))
            .getJsonObject(JobMessages.JOB);
    assertEquals(JobMessages.QUEUED, job.getString(JobMessages.STATUS));
    return job.getString(JobMessages.ID);
  }

  private JsonObject claim(String owner, long leaseMs) throws Exception {
    return request(
            Addresses.Jobs.CLAIM,
            new JsonObject().put(JobMessages.OWNER, owner).put(JobMessages.LEASE_MS, leaseMs))
        .getJsonObject(JobMessages.JOB);
  }

  private JsonObject finish(String id, String owner, boolean succeeded, long retryDelayMs)
      throws Exception {
    JsonObject report =
        new JsonObject()
            .put(JobMessages.ID, id)
            .put(JobMessages.OWNER, owner)
            .put(JobMessages.OUTCOME, succeeded ? JobMessages.SUCCEEDED : JobMessages.FAILED)
            .put(JobMessages.RETRY_DELAY_MS, retryDelayMs);
    if (succeeded) {
      report.put(JobMessages.RESULT, new JsonObject().put("ok", true));
    } else {
      report.put(JobMessages.ERROR, "boom");
    }
    return request(Addresses.Jobs.FINISH, report).getJsonObject(JobMessages.JOB);
  }

  private JsonObject get(String id) throws Exception {
    return request(Addresses.Jobs.GET, JobMessages.byId(id)).getJsonObject(JobMessages.JOB);
  }

  private static int failureCode(ReplyException e) {
    return e.failureCode();
  }

  @Test
  void concurrentClaimsHandEachJobToExactlyOneWorker() throws Exception {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(submit(3));
    }
    List<Future<Message<JsonObject>>> claims = new ArrayList<>();
    for (int worker = 0; worker < 8; worker++) {
      claims.add(
          vertx
              .eventBus()
              .request(
                  Addresses.Jobs.CLAIM,
                  new JsonObject()
                      .put(JobMessages.OWNER, "w" + worker)
                      .put(JobMessages.LEASE_MS, LONG_LEASE)));
    }
    List<String> claimed = new ArrayList<>();
    for (var reply : claims) {
      JsonObject job = reply.await(10, SECONDS).body().getJsonObject(JobMessages.JOB);
      if (job != null) {
        assertEquals(JobMessages.RUNNING, job.getString(JobMessages.STATUS));
        assertEquals(1, job.getInteger(JobMessages.ATTEMPTS));
        claimed.add(job.getString(JobMessages.ID));
      }
    }
    assertEquals(5, claimed.size(), "8 workers, 5 jobs: 3 claims come back empty");
    assertEquals(Set.copyOf(submitted), Set.copyOf(claimed), "each job exactly once");
    assertEquals(submitted.get(0), claimedFirstOf(submitted, claimed), "oldest first");
  }

  private static String claimedFirstOf(List<String> submitted, List<String> claimed) {
    return submitted.stream().filter(claimed::contains).findFirst().orElseThrow();
  }

  @Test
  void aFailureIsRetriedAfterItsBackoffThenTheJobFailsWithItsAttemptCount() throws Exception {
    String id = submit(2);

    JsonObject first = claim("w1", LONG_LEASE);
    // The backoff is long enough that a loaded machine still claims before it is due.
    JsonObject retry = finish(id, "w1", false, 1_500);
    assertEquals(JobMessages.QUEUED, retry.getString(JobMessages.STATUS));
    assertEquals("boom", retry.getString(JobMessages.ERROR));
    assertTrue(retry.containsKey(JobMessages.NEXT_ATTEMPT));
    assertNull(claim("w2", LONG_LEASE), "not due before its backoff");

    Thread.sleep(1_600);
    assertTrue(
        queuedNotices.stream().filter(id::equals).count() >= 2,
        "a notice wakes the workers when the retry is due");
    JsonObject second = claim("w2", LONG_LEASE);
    assertEquals(first.getString(JobMessages.ID), second.getString(JobMessages.ID));
    assertEquals(2, second.getInteger(JobMessages.ATTEMPTS));

    JsonObject failed = finish(id, "w2", false, 400);
    assertEquals(JobMessages.FAILED, failed.getString(JobMessages.STATUS));
    assertEquals(2, failed.getInteger(JobMessages.ATTEMPTS));
    assertTrue(failed.containsKey(JobMessages.ENDED));
    assertNull(claim("w3", LONG_LEASE), "a failed job is never claimed again");
  }

  @Test
  void anExpiredLeaseIsReapedBackToTheQueueAndTheOldOwnerCanNoLongerFinish() throws Exception {
    String id = submit(3);
    claim("dead-worker", 200);

    assertEquals(
        0,
        request(Addresses.Jobs.REAP, new JsonObject()).getInteger("requeued"),
        "the lease still runs");
    Thread.sleep(300);
    JsonObject reaped = request(Addresses.Jobs.REAP, new JsonObject());
    assertEquals(1, reaped.getInteger("requeued"));
    assertTrue(get(id).getString(JobMessages.ERROR).contains("lease expired"));

    JsonObject again = claim("live-worker", LONG_LEASE);
    assertEquals(id, again.getString(JobMessages.ID));
    assertEquals(2, again.getInteger(JobMessages.ATTEMPTS));
    ReplyException late =
        assertThrows(ReplyException.class, () -> finish(id, "dead-worker", true, 0));
    assertEquals(BusError.CONFLICT.code, failureCode(late));
    ReplyException renew =
        assertThrows(
            ReplyException.class,
            () ->
                request(
                    Addresses.Jobs.RENEW,
                    new JsonObject()
                        .put(JobMessages.ID, id)
                        .put(JobMessages.OWNER, "dead-worker")
                        .put(JobMessages.LEASE_MS, LONG_LEASE)));
    assertEquals(BusError.CONFLICT.code, failureCode(renew));

    JsonObject done = finish(id, "live-worker", true, 0);
    assertEquals(JobMessages.SUCCEEDED, done.getString(JobMessages.STATUS));
    assertFalse(done.containsKey(JobMessages.ERROR), "success clears the earlier error");
  }

  @Test
  void aReportWithAFieldOfTheWrongTypeIsRefusedAndTheJobKeepsRunning() throws Exception {
    String id = submit(3);
    claim("w1", LONG_LEASE);
    JsonObject report =
        new JsonObject()
            .put(JobMessages.ID, id)
            .put(JobMessages.OWNER, "w1")
            .put(JobMessages.OUTCOME, JobMessages.SUCCEEDED)
            .put(JobMessages.RESULT, "not an object");

    ReplyException refused =
        assertThrows(ReplyException.class, () -> request(Addresses.Jobs.FINISH, report));

    // jobs.finish comes over the bridge too: the worker's mistake, not the database's (500).
    assertEquals(BusError.INVALID.code, failureCode(refused));
    assertEquals("Malformed body for jobs.finish: ClassCastException", refused.getMessage());
    assertEquals(JobMessages.RUNNING, get(id).getString(JobMessages.STATUS));
  }

  @Test
  void aRenewedLeaseIsNotReaped() throws Exception {
    String id = submit(3);
    claim("w1", 300);
    for (int i = 0; i < 4; i++) {
      Thread.sleep(150);
      request(
          Addresses.Jobs.RENEW,
          new JsonObject()
              .put(JobMessages.ID, id)
              .put(JobMessages.OWNER, "w1")
              .put(JobMessages.LEASE_MS, 300));
      assertEquals(0, request(Addresses.Jobs.REAP, new JsonObject()).getInteger("requeued"));
    }
    assertEquals(JobMessages.RUNNING, get(id).getString(JobMessages.STATUS));
  }

  @Test
  void onlyAQueuedJobCanBeCancelledAndEveryChangeIsPublished() throws Exception {
    String queued = submit(3);
    JsonObject cancelled =
        request(Addresses.Jobs.CANCEL, JobMessages.byId(queued)).getJsonObject(JobMessages.JOB);
    assertEquals(JobMessages.CANCELLED, cancelled.getString(JobMessages.STATUS));
    assertNull(claim("w1", LONG_LEASE), "a cancelled job is not claimed");

    String running = submit(3);
    claim("w1", LONG_LEASE);
    ReplyException conflict =
        assertThrows(
            ReplyException.class, () -> request(Addresses.Jobs.CANCEL, JobMessages.byId(running)));
    assertEquals(BusError.CONFLICT.code, failureCode(conflict));
    ReplyException unknown =
        assertThrows(
            ReplyException.class,
            () -> request(Addresses.Jobs.CANCEL, JobMessages.byId("0".repeat(32))));
    assertEquals(BusError.NOT_FOUND.code, failureCode(unknown));

    Thread.sleep(100);
    List<String> seen =
        changes.stream()
            .map(
                job ->
                    job.getString(JobMessages.ID).substring(0, 4)
                        + ":"
                        + job.getString(JobMessages.STATUS))
            .toList();
    assertEquals(
        List.of(
            queued.substring(0, 4) + ":queued",
            queued.substring(0, 4) + ":cancelled",
            running.substring(0, 4) + ":queued",
            running.substring(0, 4) + ":running"),
        seen);
  }
}
