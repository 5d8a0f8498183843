package dev.eventstack.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client over a real socket that queues every text message it receives. */
final class TestSocket implements WebSocket.Listener, AutoCloseable {

  private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  private TestSocket(String url) {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(url), this)
            .join();
  }

  static TestSocket open(int port, String pathAndQuery) {
    return new TestSocket("ws://127.0.0.1:" + port + pathAndQuery);
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
