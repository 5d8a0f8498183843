package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Black-box: the configured limits answer as documented, and a flood leaves /ping responsive. */
class LimitsTest extends OneNodeTest {

  private static final int MAX_SOCKETS = 320;

  @Override
  List<String> extraArgs() {
    java.nio.file.Path config = dataDir.resolve("limits.json");
    try {
      java.nio.file.Files.writeString(
          config,
          new JsonObject()
              .put(
                  "http",
                  new JsonObject().put("limits", new JsonObject().put("maxSockets", MAX_SOCKETS)))
              .encode());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return List.of("--stats-interval", "off", "--config", config.toString());
  }

  @Test
  void socketsBeyondTheNodesLimitGet503UntilOneCloses() throws Exception {
    try (LogRecorder log = new LogRecorder("dev.eventstack.http.SocketRoutes")) {
      fillCloseAndRefill();
      // Connects and disconnects are logged with the node's count, kept once for the node.
      assertTrue(log.count("socket connected channel=tasks format=text") >= MAX_SOCKETS);
      assertTrue(log.count("open=" + MAX_SOCKETS) >= 1, "the last connect counts the cap");
      assertTrue(log.count("socket disconnected") >= 1);
      assertTrue(log.count("open=" + (MAX_SOCKETS - 1)) >= 1, "a close counts one less");
    }
  }

  private void fillCloseAndRefill() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < MAX_SOCKETS; i++) {
      sockets.add(
          client
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + port + "/sockets/tasks"),
                  new WebSocket.Listener() {})
              .get(10, TimeUnit.SECONDS));
    }
    assertEquals(503, TestSocket.refusal(port, "/sockets/tasks"));
    sockets.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    boolean accepted = false;
    for (int i = 0; i < 50 && !accepted; i++) {
      Thread.sleep(100);
      try {
        TestSocket.open(port, "/sockets/tasks").close();
        accepted = true;
      } catch (java.util.concurrent.CompletionException stillFull) {
        // the close has not reached the server yet
      }
    }
    assertTrue(accepted, "a place freed by a close is taken again");
    for (WebSocket socket : sockets.subList(1, sockets.size())) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }

  @Test
  void aBodyOverTheLimitGets413() throws Exception {
    HttpResponseCheck.assertJsonError(
        http.send("POST", "/tasks", "{\"title\":\"" + "x".repeat(70_000) + "\"}"), 413);
  }

  @Test
  void aWebSocketMessageOverTheLimitClosesTheSocketWith1009() throws Exception {
    try (RawWebSocket socket = new RawWebSocket(port, "/sockets/tasks")) {
      socket.sendText(new byte[70_000]);
      assertEquals(1009, socket.readUntilClose());
    }
  }

  @Test
  void aFloodOfSocketsAndRequestsLeavesPingResponsive() throws Exception {
    // HTTP/1.1 as most clients speak it: one connection per request in flight.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      sockets.add(
          client
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + port + "/sockets/beers"),
                  new WebSocket.Listener() {}));
    }
    List<CompletableFuture<?>> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      requests.add(
          client.sendAsync(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/api/beers?page_size=1000"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding()));
    }
    java.net.http.HttpResponse<String> ping =
        client.send(
            java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals("pong", ping.body(), "answered during the flood");
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    int open = 0;
    for (CompletableFuture<WebSocket> socket : sockets) {
      socket.get(30, TimeUnit.SECONDS).sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      open++;
    }
    assertEquals(300, open);
  }

  /** Shared check of a JSON error answer. */
  static final class HttpResponseCheck {
    private HttpResponseCheck() {}

    static void assertJsonError(java.net.http.HttpResponse<String> response, int status) {
      assertEquals(status, response.statusCode(), response.body());
      assertTrue(new JsonObject(response.body()).getString("message") != null);
    }
  }
}
