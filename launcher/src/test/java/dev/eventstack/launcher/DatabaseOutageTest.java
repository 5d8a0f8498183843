package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the database goes away under a running node, through the {@code --db-url} path that a real
 * MongoDB uses. Requests fail fast with 503, readiness says so, and everything works again when the
 * database is back, with no restart.
 */
@Tag("fault")
class DatabaseOutageTest {

  @TempDir Path dir;
  private EventStack stack;
  private MongoServer mongo;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close().await(30, SECONDS);
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
  }

  private MongoServer startMongo(int port) {
    MongoServer server = new MongoServer(new H2Backend(dir.resolve("mongo.mv").toString()));
    server.bind("127.0.0.1", port);
    return server;
  }

  @Test
  void requestsGet503WhileTheDatabaseIsDownAndSucceedWhenItIsBack() throws Exception {
    int mongoPort = TestHttp.freePort();
    mongo = startMongo(mongoPort);
    Path config = dir.resolve("fast-failure.json");
    Files.writeString(
        config,
        new JsonObject()
            .put("db", new JsonObject().put("serverSelectionTimeoutMs", 1000))
            .encode());
    int port = TestHttp.freePort();
    stack =
        EventStack.start(
                "--port",
                String.valueOf(port),
                "--db-url",
                "mongodb://127.0.0.1:" + mongoPort + "/outage",
                "--config",
                config.toString(),
                "--stats-interval",
                "off",
                "--no-sample-data")
            .await(30, SECONDS);
    TestHttp http = new TestHttp(port);
    String before = http.createTask("{\"title\":\"before the outage\"}");

    mongo.shutdownNow();
    mongo = null;
    long started = System.nanoTime();
    HttpResponse<String> down = http.get("/tasks");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(503, down.statusCode(), down.body());
    assertEquals("1", down.headers().firstValue("Retry-After").orElse(null));
    assertTrue(new JsonObject(down.body()).getString("message").contains("Database unavailable"));
    assertTrue(tookMs < 5_000, "within the bus timeout: " + tookMs + " ms");
    assertEquals(503, http.send("POST", "/tasks", "{\"title\":\"lost?\"}").statusCode());
    HttpResponse<String> ready = http.get("/health/ready");
    assertEquals(503, ready.statusCode());
    assertTrue(ready.body().contains("\"id\":\"database\",\"status\":\"DOWN\""), ready.body());

    mongo = startMongo(mongoPort);
    HttpResponse<String> back = awaitStatus(http, "/tasks/" + before, 200);
    assertEquals(new JsonObject().put("title", "before the outage"), new JsonObject(back.body()));
    assertEquals(200, http.get("/health/ready").statusCode());
    String after = http.createTask("{\"title\":\"after the outage\"}");
    assertEquals(2, http.getJson("/tasks").size(), "the refused write stored nothing: " + after);
  }

  @Test
  void queuedJobsWaitOutTheOutageAndThenRun() throws Exception {
    int mongoPort = TestHttp.freePort();
    mongo = startMongo(mongoPort);
    Path config = dir.resolve("fast-failure.json");
    Files.writeString(
        config,
        new JsonObject()
            .put("db", new JsonObject().put("serverSelectionTimeoutMs", 1000))
            .put(
                "scheduler",
                new JsonObject()
                    .put("workers", new JsonObject().put("concurrency", 1).put("pollMs", 500)))
            .encode());
    int port = TestHttp.freePort();
    stack =
        EventStack.start(
                "--port",
                String.valueOf(port),
                "--db-url",
                "mongodb://127.0.0.1:" + mongoPort + "/outage-jobs",
                "--config",
                config.toString(),
                "--stats-interval",
                "off",
                "--no-sample-data")
            .await(30, SECONDS);
    TestHttp http = new TestHttp(port);
    String running = submit(http, 2_500);
    awaitJob(http, running, "running");
    String waiting = submit(http, 10);
    assertEquals("queued", job(http, waiting).getString("status"), "the one worker is busy");

    mongo.shutdownNow();
    Thread.sleep(3_000); // the running job ends during the outage; its outcome waits
    mongo = startMongo(mongoPort);

    assertEquals(
        1,
        awaitJob(http, running, "succeeded").getInteger("attempts"),
        "its outcome was recorded once the database was back, not re-run");
    assertEquals("succeeded", awaitJob(http, waiting, "succeeded").getString("status"));
  }

  private static String submit(TestHttp http, int ms) {
    HttpResponse<String> response =
        http.send("POST", "/jobs", "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":" + ms + "}}");
    assertEquals(202, response.statusCode(), response.body());
    return new JsonObject(response.body()).getString("id");
  }

  private static JsonObject job(TestHttp http, String id) {
    return http.getJson("/jobs/" + id).getJsonObject("job");
  }

  private static JsonObject awaitJob(TestHttp http, String id, String status)
      throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> response = http.get("/jobs/" + id);
      if (response.statusCode() == 200) {
        JsonObject job = new JsonObject(response.body()).getJsonObject("job");
        if (status.equals(job.getString("status"))) {
          return job;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " never " + status);
  }

  private static HttpResponse<String> awaitStatus(TestHttp http, String path, int status)
      throws InterruptedException {
    HttpResponse<String> response = null;
    for (int i = 0; i < 100; i++) {
      response = http.get(path);
      if (response.statusCode() == status) {
        return response;
      }
      assertEquals(503, response.statusCode(), response.body());
      Thread.sleep(100);
    }
    throw new AssertionError("never " + status + ": " + response.body());
  }
}
