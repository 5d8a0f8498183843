package dev.eventstack.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate itself: a blocked event loop reaches the recorder that NoBlockedThreads reads. */
class BlockedThreadRecorderTest {

  @Test
  void recordsVertxWarningAboutABlockedEventLoop() throws Exception {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(20)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    try {
      vertx.runOnContext(v -> sleepOnTheEventLoop(300));
      Thread.sleep(600);
    } finally {
      vertx.close().await(10, SECONDS);
    }
    // Drained here, so that this deliberate block does not fail this very test.
    List<String> warnings = BlockedThreadRecorder.drain();
    assertTrue(
        warnings.stream().anyMatch(w -> w.contains("has been blocked")), "recorded: " + warnings);
  }

  private static void sleepOnTheEventLoop(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
