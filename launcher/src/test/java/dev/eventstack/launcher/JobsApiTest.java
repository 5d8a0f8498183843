package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Black-box: the job queue, its workers, the run log and the locks, over real sockets. */
class JobsApiTest extends OneNodeTest {

  @Override
  List<String> extraArgs() {
    JsonObject fastRetries =
        new JsonObject()
            .put(
                "scheduler",
                new JsonObject().put("workers", new JsonObject().put("retryBackoffMs", 100)));
    Path config = dataDir.resolve("test-config.json");
    try {
      Files.writeString(config, fastRetries.encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("--stats-interval", "off", "--config", config.toString());
  }

  private String submit(String json) {
    HttpResponse<String> response = http.send("POST", "/jobs", json);
    assertEquals(202, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals("queued", body.getString("status"));
    assertEquals(
        "/jobs/" + body.getString("id"), response.headers().firstValue("Location").orElseThrow());
    return body.getString("id");
  }

  private JsonObject awaitEnded(String id) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      JsonObject job = http.getJson("/jobs/" + id).getJsonObject("job");
      if (List.of("succeeded", "failed", "cancelled").contains(job.getString("status"))) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not end within 10 s");
  }

  private static void assertError(HttpResponse<String> response, int status, String part) {
    assertEquals(status, response.statusCode(), response.body());
    String message = new JsonObject(response.body()).getString("message");
    assertTrue(message.contains(part), message);
  }

  @Test
  void aSubmittedJobRunsOnceAndItsSocketFollowsEveryChange() throws Exception {
    try (TestSocket jobs = TestSocket.open(port, "/sockets/jobs?format=json");
        TestSocket text = TestSocket.open(port, "/sockets/jobs")) {
      String id = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":200}}");
      JsonObject job = awaitEnded(id);
      assertEquals("succeeded", job.getString("status"));
      assertEquals(1, job.getInteger("attempts"));
      assertEquals(new JsonObject().put("slept_ms", 200), job.getJsonObject("result"));

      List<String> statuses = new ArrayList<>();
      while (statuses.size() < 3) {
        JsonObject event = new JsonObject(jobs.next(5));
        assertEquals("job.changed", event.getString("event"));
        assertEquals(id, event.getJsonObject("job").getString("id"));
        statuses.add(event.getJsonObject("job").getString("status"));
      }
      assertEquals(List.of("queued", "running", "succeeded"), statuses, "ran exactly once");
      assertEquals("Job " + id + " (demo.sleep) queued, attempt 0/3", text.next(5));
      assertEquals("Job " + id + " (demo.sleep) running, attempt 1/3", text.next(5));
      assertEquals("Job " + id + " (demo.sleep) succeeded, attempt 1/3", text.next(5));
    }
  }

  @Test
  void aFailingJobIsRetriedThenFailedWithItsAttemptCount() throws Exception {
    String flaky = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10,\"fail_first\":1}}");
    String broken =
        submit(
            "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10,\"fail\":true},\"max_attempts\":3}");

    JsonObject recovered = awaitEnded(flaky);
    assertEquals("succeeded", recovered.getString("status"));
    assertEquals(2, recovered.getInteger("attempts"));
    JsonObject failed = awaitEnded(broken);
    assertEquals("failed", failed.getString("status"));
    assertEquals(3, failed.getInteger("attempts"));
    assertEquals("demo.sleep failed as told, attempt 3", failed.getString("error"));

    JsonArray listed = http.getJson("/jobs?status=failed&type=demo.sleep").getJsonArray("jobs");
    assertEquals(1, listed.size());
    assertEquals(broken, listed.getJsonObject(0).getString("id"));
  }

  @Test
  void theCountsByStatusFollowTheQueue() throws Exception {
    JsonObject none =
        new JsonObject()
            .put("queued", 0)
            .put("running", 0)
            .put("succeeded", 0)
            .put("failed", 0)
            .put("cancelled", 0);
    assertEquals(none, http.getJson("/jobs/counts").getJsonObject("counts"));

    String ok = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10}}");
    String bad =
        submit(
            "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10,\"fail\":true},\"max_attempts\":1}");
    awaitEnded(ok);
    awaitEnded(bad);
    // Two long jobs keep both workers busy, so the third one stays queued.
    String first = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1500}}");
    String second = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1500}}");
    String waiting = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1500}}");
    String cancelled = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10}}");
    assertEquals(200, http.send("DELETE", "/jobs/" + cancelled, null).statusCode());
    for (int i = 0;
        i < 50 && http.getJson("/jobs/counts").getJsonObject("counts").getInteger("running") < 2;
        i++) {
      Thread.sleep(100);
    }
    assertEquals(
        none.copy()
            .put("queued", 1)
            .put("running", 2)
            .put("succeeded", 1)
            .put("failed", 1)
            .put("cancelled", 1),
        http.getJson("/jobs/counts").getJsonObject("counts"));
    awaitEnded(first);
    awaitEnded(second);
    awaitEnded(waiting);
    assertEquals(
        none.copy().put("succeeded", 4).put("failed", 1).put("cancelled", 1),
        http.getJson("/jobs/counts").getJsonObject("counts"));
  }

  @Test
  void aQueuedJobCanBeCancelledButNotOnceItEnded() throws Exception {
    // Two long jobs keep both workers busy, so the third one waits in the queue.
    String first = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1500}}");
    submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1500}}");
    String waiting = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10}}");

    HttpResponse<String> cancelled = http.send("DELETE", "/jobs/" + waiting, null);
    assertEquals(200, cancelled.statusCode(), cancelled.body());
    assertEquals(
        "cancelled", new JsonObject(cancelled.body()).getJsonObject("job").getString("status"));
    assertError(http.send("DELETE", "/jobs/" + waiting, null), 409, "only a queued job");
    assertEquals("succeeded", awaitEnded(first).getString("status"));
    assertError(http.send("DELETE", "/jobs/" + first, null), 409, "is succeeded");
    assertEquals(
        "cancelled",
        http.getJson("/jobs/" + waiting).getJsonObject("job").getString("status"),
        "it never ran");
  }

  @Test
  void anExportOfTheBooksCanBeDownloadedAsJsonAndCsv() throws Exception {
    String json = submit("{\"type\":\"export.books\"}");
    String csv = submit("{\"type\":\"export.books\",\"payload\":{\"format\":\"csv\"}}");
    assertEquals(35, awaitEnded(json).getJsonObject("result").getInteger("books"));
    assertEquals("succeeded", awaitEnded(csv).getString("status"));

    HttpResponse<String> jsonFile = http.get("/jobs/" + json + "/result");
    assertEquals(200, jsonFile.statusCode());
    JsonArray books = new JsonArray(jsonFile.body());
    assertEquals(35, books.size());
    assertEquals("The Last Man", books.getJsonObject(0).getString("title"));
    assertTrue(
        jsonFile
            .headers()
            .firstValue("Content-Disposition")
            .orElseThrow()
            .contains("books-" + json + ".json"));
    assertTrue(
        Files.exists(dataDir.resolve("exports/books-" + json + ".json")),
        "the file is in the data dir");

    List<String> lines = http.get("/jobs/" + csv + "/result").body().lines().toList();
    assertEquals("id,title,author,year,score,read", lines.get(0));
    assertEquals(36, lines.size());
    assertTrue(
        lines.contains("2,When Worlds Collide,Philip Wylie & Edwin Balmer,1933,7,true"),
        lines.toString());
  }

  @Test
  void reportAndPurgeJobsWorkOnTheirCollections() throws Exception {
    http.createTask("{\"title\":\"a\",\"priority\":\"high\",\"completed\":true}");
    http.createTask("{\"title\":\"b\",\"priority\":\"high\"}");
    http.createTask("{\"title\":\"c\"}");
    http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":500}");

    JsonObject report = awaitEnded(submit("{\"type\":\"report.tasks\"}")).getJsonObject("result");
    assertEquals(3L, report.getLong("total"));
    assertEquals(
        new JsonObject().put("high", 2L).put("none", 1L), report.getJsonObject("byPriority"));
    assertEquals(
        new JsonObject().put("completed", 1L).put("open", 2L),
        report.getJsonObject("byCompletion"));

    String future = java.time.Instant.now().plusSeconds(60).toString();
    JsonObject purged =
        awaitEnded(
            submit("{\"type\":\"purge.beers\",\"payload\":{\"before\":\"" + future + "\"}}"));
    assertEquals(1, purged.getJsonObject("result").getInteger("deleted"));
    assertEquals(0L, http.getJson("/api/beers").getLong("total"));
  }

  @Test
  void badJobRequestsGetClearErrors() {
    assertError(http.send("POST", "/jobs", "{\"type\":\"mine.bitcoin\"}"), 400, "Unknown job type");
    assertError(http.send("POST", "/jobs", "{\"payload\":{}}"), 400, "type");
    assertError(
        http.send("POST", "/jobs", "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":\"x\"}}"),
        400,
        "payload.ms");
    assertError(
        http.send("POST", "/jobs", "{\"type\":\"demo.sleep\",\"payload\":[]}"), 400, "payload");
    assertError(
        http.send("POST", "/jobs", "{\"type\":\"report.tasks\",\"payload\":{\"x\":1}}"),
        400,
        "Unknown payload field");
    assertError(
        http.send("POST", "/jobs", "{\"type\":\"export.books\",\"payload\":{\"format\":\"xml\"}}"),
        400,
        "format");
    assertError(
        http.send(
            "POST", "/jobs", "{\"type\":\"purge.beers\",\"payload\":{\"before\":\"yesterday\"}}"),
        400,
        "ISO-8601");
    assertError(
        http.send("POST", "/jobs", "{\"type\":\"report.tasks\",\"max_attempts\":0}"),
        400,
        "max_attempts");
    assertError(
        http.send("POST", "/jobs", "{\"type\":\"report.tasks\",\"priority\":1}"),
        400,
        "Unknown field");
    assertError(http.send("POST", "/jobs", "nope"), 400, "Invalid JSON");
    assertError(http.get("/jobs?status=lost"), 400, "status");
    assertError(http.get("/jobs?limit=0"), 400, "limit");
    assertError(http.get("/jobs/" + "0".repeat(32)), 404, "not found");
    assertError(http.get("/jobs/xyz"), 404, "not found");
    assertError(http.send("PUT", "/jobs", "{}"), 405, "GET, POST");
    assertError(http.get("/locking/bad%20id"), 400, "Lock id");
    assertError(http.get("/locking/a?hold_ms=-1"), 400, "hold_ms");
  }

  @Test
  void aLockAnswers409ToASecondCallerWhileTheFirstHoldsIt() throws Exception {
    CompletableFuture<HttpResponse<String>> holder =
        CompletableFuture.supplyAsync(() -> http.get("/locking/report?hold_ms=1500"));
    Thread.sleep(500);
    assertError(
        http.get("/locking/report?hold_ms=10"), 409, "Lock id report is currently being used");

    HttpResponse<String> held = holder.get();
    assertEquals(200, held.statusCode(), held.body());
    assertEquals(new JsonObject().put("aLock", "report"), new JsonObject(held.body()));
    assertEquals(200, http.get("/locking/report?hold_ms=10").statusCode(), "released");
  }

  @Test
  void scheduledJobsListTheirNextDueTimeAndLastRun() throws Exception {
    JsonArray jobs = http.getJson("/jobs/scheduled").getJsonArray("jobs");
    List<String> names = new ArrayList<>();
    jobs.forEach(job -> names.add(((JsonObject) job).getString("name")));
    assertEquals(List.of("heartbeat", "purge-completed-tasks"), names, "beer-stats is off");
    JsonObject purge = jobs.getJsonObject(1);
    assertEquals("03:30", purge.getString("daily"));
    java.time.Instant due = java.time.Instant.parse(purge.getString("next_due"));
    java.time.Instant now = java.time.Instant.now();
    assertTrue(
        due.isAfter(now) && due.isBefore(now.plus(java.time.Duration.ofDays(1))), purge.encode());
    assertEquals(
        java.time.LocalTime.of(3, 30), due.atZone(java.time.ZoneId.systemDefault()).toLocalTime());
  }
}
