package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Black-box: a connection that sends nothing is closed after {@code
 * http.limits.idleTimeoutSeconds}.
 */
class IdleTimeoutTest extends OneNodeTest {

  @Override
  List<String> extraArgs() {
    Path config = dataDir.resolve("idle.json");
    try {
      Files.writeString(
          config,
          new JsonObject()
              .put(
                  "http",
                  new JsonObject().put("limits", new JsonObject().put("idleTimeoutSeconds", 1)))
              .encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("--stats-interval", "off", "--config", config.toString());
  }

  @Test
  void anIdleConnectionIsClosedByTheServer() throws Exception {
    try (Socket idle = new Socket("127.0.0.1", port)) {
      idle.setSoTimeout(10_000);
      long started = System.nanoTime();
      assertEquals(-1, idle.getInputStream().read(), "closed by the server, not timed out here");
      long waitedMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(true, waitedMs >= 500 && waitedMs < 9_000, "closed after " + waitedMs + " ms");
    }
  }
}
