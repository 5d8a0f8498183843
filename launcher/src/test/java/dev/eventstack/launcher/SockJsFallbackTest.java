package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Black-box, issue 19 item 4: SockJS's fallbacks for browsers without WebSocket, spoken over real
 * HTTP as sockjs-client speaks them: {@code xhr} (long polling) and {@code xhr_streaming}, each
 * with {@code xhr_send} for what the client sends.
 */
class SockJsFallbackTest extends OneNodeTest {

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * On a new connection each time: SockJS closes the connection after a polling answer, and a
   * reused one would race that close.
   */
  private HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** What sockjs-client's xhr_send posts: a JSON array of the frames, each a JSON string. */
  private static String frames(JsonObject... frames) {
    JsonArray array = new JsonArray();
    for (JsonObject frame : frames) {
      array.add(frame.encode());
    }
    return array.encode();
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  private void addBook(String title) {
    assertEquals(
        201,
        http.send("POST", "/books", "{\"title\":\"" + title + "\",\"author\":\"A\"}").statusCode());
  }

  @Test
  void xhrPollingOpensSendsAndReceives() throws Exception {
    String session = "/eventbus/123/xhrsession/";
    HttpResponse<String> open = post(session + "xhr", "");
    assertEquals(200, open.statusCode());
    assertEquals("o\n", open.body());

    HttpResponse<String> sent = post(session + "xhr_send", frames(register("book.changed")));
    assertEquals(204, sent.statusCode(), sent.body());

    Thread.sleep(300); // the bridge registers the address on its event loop
    addBook("Polled");
    HttpResponse<String> poll = post(session + "xhr", "");
    assertEquals(200, poll.statusCode());
    assertTrue(poll.body().startsWith("a["), poll.body());
    JsonObject event = new JsonObject(new JsonArray(poll.body().substring(1)).getString(0));
    assertEquals("book.changed", event.getString("address"), event.encode());
    assertTrue(event.encode().contains("Polled"), event.encode());
  }

  @Test
  void xhrStreamingOpensSendsAndReceives() throws Exception {
    String session = "/eventbus/456/streamsession/";
    CompletableFuture<HttpResponse<InputStream>> stream =
        client.sendAsync(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + session + "xhr_streaming"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = stream.get(10, TimeUnit.SECONDS).body();
    StringBuilder received = new StringBuilder();
    readUntil(body, received, "o\n");

    HttpResponse<String> sent = post(session + "xhr_send", frames(register("book.changed")));
    assertEquals(204, sent.statusCode(), sent.body());
    Thread.sleep(300);
    addBook("Streamed");
    readUntil(body, received, "Streamed");
    assertTrue(received.toString().contains("book.changed"), received.toString());
    body.close();
  }

  @Test
  void aRefusedFrameOverXhrSendGetsAnErrorFrameNotA500() throws Exception {
    String session = "/eventbus/789/refused/";
    assertEquals(200, post(session + "xhr", "").statusCode());
    HttpResponse<String> sent =
        post(
            session + "xhr_send",
            frames(new JsonObject().put("type", "send").put("address", "tasks.delete")));
    assertEquals(204, sent.statusCode(), sent.body());
    HttpResponse<String> poll = post(session + "xhr", "");
    assertTrue(poll.body().contains("access_denied"), poll.body());
    HttpResponse<String> broken = post(session + "xhr_send", "not json");
    assertEquals(400, broken.statusCode(), broken.body());
    assertEquals(400, new JsonObject(broken.body()).getInteger("code"));
  }

  private static void readUntil(InputStream in, StringBuilder received, String wanted)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    byte[] buffer = new byte[4096];
    while (!received.toString().contains(wanted)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + wanted + "' in the stream: " + received);
      }
      int read = in.read(buffer);
      if (read < 0) {
        throw new AssertionError("the stream ended before '" + wanted + "': " + received);
      }
      received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
    }
  }
}
