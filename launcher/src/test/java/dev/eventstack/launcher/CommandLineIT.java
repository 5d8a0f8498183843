package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as a user runs it: its help, its refusals, and its data across restarts. */
class CommandLineIT {

  @TempDir Path workDir;

  @Test
  void helpListsEveryOptionAndExitsZero() throws Exception {
    try (NodeProcess node = NodeProcess.start("help", workDir, "--help")) {
      assertEquals(0, node.awaitExit(Duration.ofSeconds(30)));
      String help = node.output();
      for (String option : List.of("--port", "--data-dir", "--db-url", "--host", "--help")) {
        assertTrue(help.contains(option), option + " missing from:\n" + help);
      }
    }
  }

  @Test
  void aBadValueGivesOneLineAndExitCodeTwo() throws Exception {
    try (NodeProcess node = NodeProcess.start("bad", workDir, "--port", "eighty")) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(30)));
      List<String> lines = node.output().lines().toList();
      assertEquals(1, lines.size(), node.output());
      assertTrue(lines.get(0).startsWith("eventstack: invalid value for --port"), lines.get(0));
    }
  }

  /** Issue 19 item 9: a --config of the wrong shape is a usage error, not a failed start. */
  @Test
  void aConfigOfTheWrongShapeGivesOneLineAndExitCodeTwo() throws Exception {
    java.nio.file.Path config = workDir.resolve("wrong.json");
    java.nio.file.Files.writeString(config, "{\"http\":{\"limits\":{\"maxSockets\":\"many\"}}}");
    try (NodeProcess node =
        NodeProcess.start(
            "wrong-config",
            workDir,
            "--data-dir",
            workDir.resolve("data").toString(),
            "--config",
            config.toString())) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(30)));
      List<String> lines = node.output().lines().toList();
      assertEquals(1, lines.size(), node.output());
      assertTrue(
          lines.get(0).contains("http.limits.maxSockets must be a whole number"), lines.get(0));
    }
  }

  /**
   * Issue 19 item 9: a socket that never answers the close frame does not hold the stop for the
   * whole grace period (10 s): it is dropped a second after its close frame.
   */
  @Test
  void sigtermWithAnIdleSocketStopsWithinSeconds() throws Exception {
    int port = TestHttp.freePort();
    try (NodeProcess node =
        NodeProcess.start(
            "idle-socket",
            workDir,
            "--port",
            String.valueOf(port),
            "--data-dir",
            workDir.resolve("data").toString(),
            "--stats-interval",
            "off")) {
      node.awaitReady();
      try (RawWebSocket idle = new RawWebSocket(port, "/sockets/tasks")) {
        long start = System.nanoTime();
        node.terminate();
        assertEquals(1001, idle.readUntilClose(), "told the server goes away");
        assertEquals(0, node.awaitExit(Duration.ofSeconds(30)), node.output());
        long stopMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(stopMs < 5_000, "the stop took " + stopMs + " ms");
      }
    }
  }

  @Test
  void keepsTheDataWhenStoppedAndStartedAgain() throws Exception {
    int port = TestHttp.freePort();
    String[] args = {
      "--port", String.valueOf(port), "--data-dir", workDir.resolve("data").toString()
    };
    TestHttp http = new TestHttp(port);
    String id;
    try (NodeProcess first = NodeProcess.start("first", workDir, args)) {
      first.awaitReady();
      id = http.createTask("{\"title\":\"across restarts\"}");
      first.terminate();
      first.awaitExit(Duration.ofSeconds(30));
    }
    try (NodeProcess second = NodeProcess.start("second", workDir, args)) {
      second.awaitReady();
      assertEquals(new JsonObject().put("title", "across restarts"), http.getJson("/tasks/" + id));
    }
  }

  @Test
  void sigtermLetsARequestInFlightFinishClosesSocketsAndExitsZero() throws Exception {
    int port = TestHttp.freePort();
    try (NodeProcess node =
        NodeProcess.start(
            "graceful",
            workDir,
            "--port",
            String.valueOf(port),
            "--data-dir",
            workDir.resolve("data").toString(),
            "--stats-interval",
            "off")) {
      node.awaitReady();
      TestSocket socket = TestSocket.open(port, "/sockets/tasks");
      // HTTP/1.1, as curl speaks it (java.net.http would otherwise upgrade to h2c).
      java.net.http.HttpClient http11 =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build();
      java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> slow =
          http11.sendAsync(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://127.0.0.1:" + port + "/locking/in-flight?hold_ms=2000"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      node.awaitOutput("lock taken lock=in-flight", Duration.ofSeconds(10));

      node.terminate();

      java.net.http.HttpResponse<String> finished =
          slow.get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(200, finished.statusCode(), finished.body());
      assertEquals(1001, socket.awaitClose(10), "sockets are told the server is going away");
      assertEquals(0, node.awaitExit(Duration.ofSeconds(30)), node.output());
      assertTrue(node.output().contains("embedded MongoDB stopped"), node.output());
    }
  }
}
