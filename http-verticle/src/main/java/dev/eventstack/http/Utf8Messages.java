package dev.eventstack.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a WebSocket with 1007 (invalid frame payload data) when a text message is not UTF-8, as
 * RFC 6455 §8.1 asks. Vert.x would hand such a message on with replacement characters. A message is
 * checked whole, as its frames may split a character; one over the size limit is left to the 1009
 * check.
 */
final class Utf8Messages implements Handler<WebSocketFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(Utf8Messages.class);
  private static final short INVALID_PAYLOAD = 1007;

  private final ServerWebSocket socket;
  private final int maxMessageBytes;
  private final String remote;

  /** The text message being received, or null between text messages. */
  private Buffer message;

  Utf8Messages(ServerWebSocket socket, int maxMessageBytes, String remote) {
    this.socket = socket;
    this.maxMessageBytes = maxMessageBytes;
    this.remote = remote;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (frame.isText()) {
      message = Buffer.buffer();
    } else if (!frame.isContinuation() || message == null) {
      return;
    }
    Buffer data = frame.binaryData();
    if (message.length() + data.length() > maxMessageBytes) {
      message = null;
      return;
    }
    message.appendBuffer(data);
    if (frame.isFinal()) {
      Buffer complete = message;
      message = null;
      if (!isUtf8(complete)) {
        LOG.warn("socket closed: a text message is not valid UTF-8 remote={}", remote);
        socket.close(INVALID_PAYLOAD, "Invalid UTF-8");
      }
    }
  }

  static boolean isUtf8(Buffer bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.getBytes()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
