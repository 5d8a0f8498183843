package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Black-box: seed 000's boilerplate endpoints and what operators call, over real sockets. */
class OpsTest extends OneNodeTest {

  private final Vertx upstreamVertx = Vertx.vertx();
  private final AtomicInteger upstreamCalls = new AtomicInteger();
  private int upstreamPort;
  private int failuresBeforeSuccess;

  @Override
  List<String> extraArgs() {
    upstreamPort = TestHttp.freePort();
    JsonObject client =
        new JsonObject()
            .put(
                "http",
                new JsonObject()
                    .put(
                        "client",
                        new JsonObject()
                            .put("upstreamUrl", "http://127.0.0.1:" + upstreamPort + "/data")
                            .put("timeoutMs", 1000)));
    Path config = dataDir.resolve("ops.json");
    try {
      Files.writeString(config, client.encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("--stats-interval", "off", "--config", config.toString());
  }

  @AfterEach
  void stopUpstream() throws Exception {
    upstreamVertx.close().await(10, SECONDS);
  }

  /** A local upstream that fails its first {@code failures} calls with a 500. */
  private HttpServer upstream(int failures) throws Exception {
    failuresBeforeSuccess = failures;
    return upstreamVertx
        .createHttpServer()
        .requestHandler(
            request -> {
              if (upstreamCalls.incrementAndGet() <= failuresBeforeSuccess) {
                request.response().setStatusCode(500).end("boom");
              } else {
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"from\":\"upstream\"}");
              }
            })
        .listen(upstreamPort, "127.0.0.1")
        .await(10, SECONDS);
  }

  private static void assertError(HttpResponse<String> response, int status, String part) {
    assertEquals(status, response.statusCode(), response.body());
    String message = new JsonObject(response.body()).getString("message");
    assertTrue(message.contains(part), message);
  }

  @Test
  // The socket below is opened only so that the metrics count it.
  @SuppressWarnings("try")
  void pingHealthMetricsAndAboutAnswer() throws Exception {
    HttpResponse<String> ping = http.get("/ping");
    assertEquals("pong", ping.body());
    assertEquals(200, http.get("/health/live").statusCode());
    JsonObject ready = new JsonObject(http.get("/health/ready").body());
    assertEquals("UP", ready.getString("status"));
    List<String> checks =
        ready.getJsonArray("checks").stream()
            .map(c -> ((JsonObject) c).getString("id"))
            .sorted()
            .toList();
    assertEquals(List.of("cluster", "database"), checks);

    http.createTask("{\"title\":\"counted\"}");
    try (TestSocket socket = TestSocket.open(port, "/sockets/tasks")) {
      String metrics = http.get("/metrics").body();
      assertTrue(
          metrics.contains("eventstack_writes_total{change=\"created\",entity=\"task\"} 1.0"),
          metrics);
      assertTrue(
          metrics.contains(
              "vertx_http_server_requests_total{code=\"200\",method=\"GET\","
                  + "route=\"/ping\"} 1.0"),
          "requests by route and status");
      assertTrue(metrics.contains("vertx_eventbus_"), "event-bus metrics");
      boolean socketCounted = false;
      for (int i = 0; i < 40 && !socketCounted; i++) {
        socketCounted =
            http.get("/metrics")
                .body()
                .lines()
                .anyMatch(
                    l ->
                        l.startsWith("vertx_http_server_active_ws_connections")
                            && !l.endsWith(" 0.0"));
        Thread.sleep(50);
      }
      assertTrue(socketCounted, "open WebSockets");
    }

    String about = http.get("/about").body();
    assertTrue(about.contains("<h1>eventstack 0.1.0</h1>"), about);
    assertTrue(about.contains("Cluster members (1)"), about);
    assertTrue(about.contains("href=\"/openapi.json\""), about);
  }

  @Test
  void resourcesCrudAsSeed000Has() {
    HttpResponse<String> created = http.send("POST", "/resources", "{\"name\":\"n\",\"value\":1}");
    assertEquals(201, created.statusCode(), created.body());
    JsonObject resource = new JsonObject(created.body());
    String id = resource.getString("id");
    assertEquals("/resources/" + id, created.headers().firstValue("Location").orElseThrow());

    HttpResponse<String> patched = http.send("PATCH", "/resources/" + id, "{\"value\":\"v2\"}");
    assertEquals(200, patched.statusCode(), patched.body());
    assertEquals(
        new JsonObject().put("id", id).put("name", "n").put("value", "v2"),
        new JsonObject(patched.body()));
    assertEquals(
        new JsonArray().add(new JsonObject(patched.body())),
        new JsonArray(http.get("/resources").body()));
    assertEquals(204, http.send("DELETE", "/resources/" + id, null).statusCode());
    assertError(http.get("/resources/" + id), 404, "not found");

    assertError(http.send("POST", "/resources", "{\"value\":1}"), 400, "name is required");
    assertError(http.send("POST", "/resources", "{\"name\":\"n\",\"value\":1e29}"), 400, "value");
    assertError(http.send("POST", "/resources", "{\"name\":\"n\",\"extra\":1}"), 400, "extra");
    assertError(http.send("PATCH", "/resources/" + id, "{}"), 400, "give name or value");
    assertError(
        http.send("PATCH", "/resources/" + "0".repeat(32), "{\"name\":\"x\"}"), 404, "not found");
    assertError(http.send("PUT", "/resources/" + id, "{}"), 405, "GET, PATCH, DELETE");
  }

  @Test
  void clientReturnsTheUpstreamJsonAfterOneRetryAnd502WhenItKeepsFailing() throws Exception {
    HttpServer server = upstream(1);
    HttpResponse<String> fetched = http.get("/client");
    assertEquals(200, fetched.statusCode(), fetched.body());
    assertEquals(new JsonObject().put("from", "upstream"), new JsonObject(fetched.body()));
    assertEquals(2, upstreamCalls.get(), "one failure, one retry");

    failuresBeforeSuccess = Integer.MAX_VALUE;
    assertError(http.get("/client"), 502, "Upstream");
    server.close().await(10, SECONDS);
    assertError(http.get("/client"), 502, "Upstream");
  }

  @Test
  void readinessIsDownAndNamesTheDatabaseWhenNoDbVerticleRuns() throws Exception {
    int otherPort = TestHttp.freePort();
    EventStack noDb =
        EventStack.start(
                "--port",
                String.valueOf(otherPort),
                "--data-dir",
                dataDir.resolve("other").toString(),
                "--verticles",
                "http")
            .await(30, SECONDS);
    try {
      HttpResponse<String> ready = new TestHttp(otherPort).get("/health/ready");
      assertEquals(503, ready.statusCode());
      JsonObject body = new JsonObject(ready.body());
      assertEquals("DOWN", body.getString("status"));
      JsonObject database =
          body.getJsonArray("checks").stream()
              .map(JsonObject.class::cast)
              .filter(c -> c.getString("id").equals("database"))
              .findFirst()
              .orElseThrow();
      assertEquals("DOWN", database.getString("status"));
      assertEquals(200, new TestHttp(otherPort).get("/health/live").statusCode());
    } finally {
      noDb.close().await(30, SECONDS);
    }
  }
}
