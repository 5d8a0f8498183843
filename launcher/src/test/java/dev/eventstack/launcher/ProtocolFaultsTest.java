package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Black-box, issue 19 item 9: requests whose framing or headers are ambiguous get 400 and a closed
 * connection; a WebSocket text message that is not UTF-8 is closed with 1007.
 */
class ProtocolFaultsTest extends OneNodeTest {

  private static final String TASK = "{\"title\":\"smuggled\"}";

  @Test
  void contentLengthWithTransferEncodingGets400AndTheConnectionCloses() throws Exception {
    String smuggling =
        "POST /tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(TASK.length())
            + "\r\n"
            + TASK
            + "\r\n0\r\n\r\n";
    RawHttp.Answer answer = RawHttp.send(port, smuggling);
    assertEquals(400, answer.status(), answer.head());
    JsonObject error = new JsonObject(answer.body());
    assertEquals(400, error.getInteger("code"));
    assertTrue(error.getString("message").contains("Transfer-Encoding"), error.encode());
    assertTrue(RawHttp.closesAfter(port, smuggling), "the connection is closed after the answer");
    assertEquals(new JsonObject(), http.getJson("/tasks"), "nothing was stored");

    // Chunked alone stays fine, and keeps the connection.
    String chunked = smuggling.replace("Content-Length: 5\r\n", "");
    assertEquals(
        201,
        RawHttp.send(port, chunked.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n"))
            .status());
    assertEquals(false, RawHttp.closesAfter(port, chunked), "a good request keeps its connection");
  }

  @Test
  void twoHostHeadersGet400AndTheConnectionCloses() throws Exception {
    String twoHosts = "GET /tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n";
    RawHttp.Answer answer = RawHttp.send(port, twoHosts);
    assertEquals(400, answer.status(), answer.head());
    assertTrue(new JsonObject(answer.body()).getString("message").contains("Host"), answer.body());
    assertTrue(RawHttp.closesAfter(port, twoHosts));
  }

  @Test
  void aTextMessageThatIsNotUtf8ClosesTheSocketWith1007() throws Exception {
    try (RawWebSocket socket = new RawWebSocket(port, "/sockets/tasks")) {
      socket.sendText(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF});
      assertEquals(1007, socket.readUntilClose());
    }
    try (TestSocket good = TestSocket.open(port, "/sockets/tasks")) {
      good.send("grüße, 👋");
      String id = http.createTask("{\"title\":\"heard\"}");
      assertEquals("Task " + id + " created", good.next(5), "good UTF-8 keeps the socket open");
    }
  }
}
