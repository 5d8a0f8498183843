package dev.eventstack.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client over a real socket that queues every text message it receives. */
final class TestSocket implements WebSocket.Listener, AutoCloseable {

  private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final java.util.concurrent.CompletableFuture<Integer> closeCode =
      new java.util.concurrent.CompletableFuture<>();
  private final WebSocket socket;

  private TestSocket(String url, Map<String, String> headers) {
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(URI.create(url), this).join();
  }

  static TestSocket open(int port, String pathAndQuery) {
    return open(port, pathAndQuery, Map.of());
  }

  static TestSocket open(int port, String pathAndQuery, Map<String, String> headers) {
    return new TestSocket("ws://127.0.0.1:" + port + pathAndQuery, headers);
  }

  /** The HTTP status with which the server refuses the upgrade; fails if it accepts it. */
  static int refusal(int port, String pathAndQuery) {
    return refusal(port, pathAndQuery, Map.of());
  }

  /** As {@link #refusal(int, String)}, with these headers on the upgrade request. */
  static int refusal(int port, String pathAndQuery, Map<String, String> headers) {
    try {
      open(port, pathAndQuery, headers).close();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
    throw new AssertionError("the upgrade of " + pathAndQuery + " was accepted");
  }

  /** The next message that starts with {@code prefix}, skipping others (such as periodic stats). */
  String nextMatching(String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message != null && message.startsWith(prefix)) {
        return message;
      }
    }
    throw new AssertionError(
        "no WebSocket message starting with " + prefix + " within " + seconds + " s");
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  /** Binary messages (the SockJS bridge's raw transport) are queued as UTF-8 text. */
  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    partial.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  /** Sends one text message. */
  void send(String text) {
    socket.sendText(text, true).join();
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode.complete(statusCode);
    return null;
  }

  /** The close code the server sent, within {@code seconds}. */
  int awaitClose(long seconds) throws Exception {
    return closeCode.get(seconds, TimeUnit.SECONDS);
  }

  /** The next message, or an AssertionError after {@code seconds}. */
  String next(long seconds) throws InterruptedException {
    String message = messages.poll(seconds, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no WebSocket message within " + seconds + " s");
    }
    return message;
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS);
  }
}
