package dev.eventstack.scheduler;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The purge of completed tasks, alone on the bus: the scheduler runs it, and test consumers stand
 * in for the db-verticle's {@code tasks.purge-completed} and its run log.
 */
@ExtendWith(VertxExtension.class)
class PurgeCompletedTasksJobTest {

  private static final String JOB = PurgeCompletedTasksJob.NAME;

  private Vertx vertx;

  /** What the purge asked for: how far before the moment it asked its cut-off lies, in ms. */
  private final BlockingQueue<Long> cutOffAgesMs = new LinkedBlockingQueue<>();

  /** The run log's rows, as the scheduler records them. */
  private final BlockingQueue<JsonObject> runs = new LinkedBlockingQueue<>();

  @BeforeEach
  void runLog(Vertx vertx) throws Exception {
    this.vertx = vertx;
    serve(
        Addresses.Jobs.RECORD_RUN,
        message -> {
          runs.add(message.body());
          message.reply(new JsonObject());
        });
  }

  private void serve(String address, Handler<Message<JsonObject>> handler) throws Exception {
    vertx.eventBus().consumer(address, handler).completion().await(5, SECONDS);
  }

  /** A purge that finds {@code deleted} tasks to delete. */
  private void purgeDeleting(int deleted) throws Exception {
    serve(
        Addresses.Tasks.PURGE_COMPLETED,
        message -> {
          cutOffAgesMs.add(System.currentTimeMillis() - message.body().getLong("before"));
          message.reply(new JsonObject().put("deleted", deleted));
        });
  }

  private void deploy(JsonObject purge) throws Exception {
    JsonObject config = new JsonObject().put("jobs", new JsonObject().put(JOB, purge));
    vertx
        .deployVerticle(SchedulerVerticle::new, new DeploymentOptions().setConfig(config))
        .await(10, SECONDS);
  }

  private static JsonObject every100ms() {
    return new JsonObject().put("every", "100ms").put("exclusive", true);
  }

  private JsonObject nextRun() throws InterruptedException {
    JsonObject run = runs.poll(5, TimeUnit.SECONDS);
    assertNotNull(run, "no run was recorded");
    return run;
  }

  @Test
  void deletesTheTasksCompletedLongerAgoThanOlderThanAndLogsHowMany() throws Exception {
    purgeDeleting(3);
    deploy(every100ms().put("olderThan", "2h"));

    JsonObject run = nextRun();
    long cutOffAgeMs = cutOffAgesMs.poll(5, TimeUnit.SECONDS);
    long twoHoursMs = Duration.ofHours(2).toMillis();
    assertTrue(
        cutOffAgeMs >= twoHoursMs && cutOffAgeMs < twoHoursMs + 1_000,
        "the cut-off is two hours before the run: " + cutOffAgeMs + " ms");
    assertEquals(JOB, run.getString("job"));
    assertEquals("succeeded", run.getString("outcome"));
    assertEquals(new JsonObject().put("deleted", 3), run.getJsonObject("result"));
    Instant start = Instant.parse(run.getString("start"));
    assertTrue(!Instant.parse(run.getString("end")).isBefore(start), run.encode());
  }

  @Test
  void withoutOlderThanItKeepsThirtyDays() throws Exception {
    purgeDeleting(0);
    deploy(every100ms());

    nextRun();
    long cutOffAgeMs = cutOffAgesMs.poll(5, TimeUnit.SECONDS);
    long thirtyDaysMs = Duration.ofDays(30).toMillis();
    assertTrue(
        cutOffAgeMs >= thirtyDaysMs && cutOffAgeMs < thirtyDaysMs + 1_000,
        "the default cut-off is 30 days before the run: " + cutOffAgeMs + " ms");
  }

  @Test
  void aPurgeTheDatabaseRefusesIsLoggedAsAFailedRunAndTheNextTickTriesAgain() throws Exception {
    serve(
        Addresses.Tasks.PURGE_COMPLETED,
        message -> BusError.UNAVAILABLE.fail(message, "Database unavailable"));
    deploy(every100ms());

    JsonObject failed = nextRun();
    assertEquals("failed", failed.getString("outcome"));
    assertEquals("Database unavailable", failed.getString("error"));
    JsonObject again = nextRun();
    assertTrue(again.getLong("tick") > failed.getLong("tick"), again.encode());
  }

  @Test
  void aBadOlderThanStopsTheStartAndNamesIt() {
    Exception refused =
        assertThrows(Exception.class, () -> deploy(every100ms().put("olderThan", "soon")));
    assertTrue(
        refused.getMessage().startsWith("job '" + JOB + "': olderThan: "), refused.getMessage());
  }

  @Test
  void theScheduledListShowsItsNextTickAndItsLastRunFromTheRunLog() throws Exception {
    purgeDeleting(0);
    JsonObject lastRun = new JsonObject().put("job", JOB).put("outcome", "succeeded");
    BlockingQueue<JsonObject> asked = new LinkedBlockingQueue<>();
    serve(
        Addresses.Jobs.LIST_RUNS,
        message -> {
          asked.add(message.body());
          message.reply(new JsonObject().put(JobMessages.RUNS, new JsonArray().add(lastRun)));
        });
    deploy(new JsonObject().put("daily", "03:30").put("olderThan", "7d"));

    JsonArray jobs =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.Jobs.SCHEDULED, new JsonObject())
            .await(5, SECONDS)
            .body()
            .getJsonArray(JobMessages.JOBS);
    assertEquals(1, jobs.size());
    JsonObject listed = jobs.getJsonObject(0);
    assertEquals(JOB, listed.getString("name"));
    assertEquals("03:30", listed.getString("daily"));
    assertTrue(Instant.parse(listed.getString("next_due")).isAfter(Instant.now()));
    assertEquals(lastRun, listed.getJsonObject("last_run"));
    assertEquals(
        new JsonObject().put("job", JOB).put(JobMessages.LIMIT, 1), asked.poll(5, SECONDS));
  }

  @Test
  void theScheduledListIsUnavailableWithoutTheRunLog() throws Exception {
    deploy(new JsonObject().put("daily", "03:30"));

    ReplyException refused =
        assertThrows(
            ReplyException.class,
            () ->
                vertx
                    .eventBus()
                    .request(Addresses.Jobs.SCHEDULED, new JsonObject())
                    .await(5, SECONDS));
    assertEquals(BusError.UNAVAILABLE.code, refused.failureCode());
    assertTrue(refused.getMessage().startsWith("Run log unavailable"), refused.getMessage());
  }
}
