package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Black-box, issue 19 item 2: a browser page of another site can neither write (CSRF) nor open a
 * WebSocket; the server's own pages, the configured CORS origins and clients without an Origin
 * (curl) can.
 */
class OriginTest extends OneNodeTest {

  private static final String EVIL = "http://evil.example";
  private static final String LISTED = "http://ui.example:3000";

  @Override
  List<String> extraArgs() {
    java.nio.file.Path config = dataDir.resolve("cors.json");
    try {
      Files.writeString(
          config,
          new JsonObject()
              .put(
                  "http",
                  new JsonObject()
                      .put(
                          "cors",
                          new JsonObject().put("allowedOrigins", new JsonArray().add(LISTED))))
              .encode());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return List.of("--stats-interval", "off", "--config", config.toString());
  }

  /** A form-encoded POST, as a cross-site HTML form sends it without a preflight. */
  private RawHttp.Answer postTask(String extraHeaders) throws IOException {
    String body = "{\"title\":\"from a form\"}";
    return RawHttp.send(
        port,
        "POST /tasks HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + extraHeaders
            + "Content-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body);
  }

  @Test
  void aCrossSiteFormPostIsRefusedWith403AndStoresNothing() throws Exception {
    RawHttp.Answer refused = postTask("Origin: " + EVIL + "\r\n");
    assertEquals(403, refused.status(), refused.body());
    JsonObject error = new JsonObject(refused.body());
    assertEquals(403, error.getInteger("code"));
    assertEquals("/tasks", error.getString("uri"));
    assertTrue(error.getString("message").contains(EVIL), error.encode());
    assertEquals(new JsonObject(), http.getJson("/tasks"), "nothing was stored");
    for (String write :
        List.of(
            "PUT /tasks/0123456789abcdef0123456789abcdef",
            "DELETE /books/1",
            "PATCH /resources/x",
            "POST /api/beers",
            "POST /jobs")) {
      RawHttp.Answer answer =
          RawHttp.send(
              port,
              write
                  + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nOrigin: "
                  + EVIL
                  + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
      assertEquals(403, answer.status(), write + " " + answer.body());
    }
    // A sandboxed page or a file says "null": that is no allowed origin either.
    assertEquals(403, postTask("Origin: null\r\n").status());
  }

  @Test
  void theServersOwnOriginTheListedOnesAndCurlMayWrite() throws Exception {
    assertEquals(201, postTask("").status(), "no Origin: curl -d");
    assertEquals(201, postTask("Origin: http://127.0.0.1:" + port + "\r\n").status(), "own");
    assertEquals(201, postTask("Origin: " + LISTED + "\r\n").status(), "listed in cors");
    // Behind a TLS proxy that serves the UI as https://app.example.
    assertEquals(
        201,
        postTask(
                "Origin: https://app.example\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Host: app.example\r\n")
            .status());
    assertEquals(
        201,
        postTask(
                "Origin: https://app.example:8443\r\n"
                    + "Forwarded: for=10.0.0.1;proto=https;host=\"app.example:8443\"\r\n")
            .status());
    assertEquals(
        403,
        postTask("Origin: https://app.example\r\nX-Forwarded-Host: other.example\r\n").status());
    assertEquals(5, http.getJson("/tasks").size());
  }

  @Test
  void webSocketUpgradesFollowTheSameRule() throws Exception {
    Map<String, String> evil = Map.of("Origin", EVIL);
    assertEquals(403, TestSocket.refusal(port, "/sockets/tasks", evil));
    assertEquals(403, TestSocket.refusal(port, "/sockets/beers", evil));
    assertEquals(403, TestSocket.refusal(port, "/eventbus/websocket", evil));
    TestSocket.open(port, "/sockets/tasks", Map.of("Origin", "http://127.0.0.1:" + port)).close();
    TestSocket.open(port, "/eventbus/websocket", Map.of("Origin", LISTED)).close();
    TestSocket.open(port, "/sockets/tasks").close();
  }

  @Test
  void sockJsInfoReflectsNoForeignOriginAndNoCredentials() throws Exception {
    RawHttp.Answer info =
        RawHttp.send(
            port,
            "GET /eventbus/info HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nOrigin: "
                + EVIL
                + "\r\nConnection: close\r\n\r\n");
    // 403 from the CORS handler (origins are listed here) or 200 without CORS headers.
    assertTrue(info.status() == 403 || info.status() == 200, info.head());
    assertFalse(info.hasHeader("access-control-allow-origin"), info.head());
    assertFalse(info.hasHeader("access-control-allow-credentials"), info.head());
    RawHttp.Answer listed =
        RawHttp.send(
            port,
            "GET /eventbus/info HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nOrigin: "
                + LISTED
                + "\r\nConnection: close\r\n\r\n");
    assertTrue(listed.head().contains(LISTED), listed.head());
    assertFalse(listed.hasHeader("access-control-allow-credentials"), listed.head());
  }
}
