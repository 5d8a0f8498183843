package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Black-box: the {@code taps} simulator against a running node. */
class TapSimulatorTest extends OneNodeTest {

  private final Vertx client = Vertx.vertx();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @AfterEach
  void closeClient() throws Exception {
    client.close().await(10, SECONDS);
  }

  private TapSimulator simulator(String... args) {
    return new TapSimulator(client, TapSimulator.Options.parse(List.of(args), Map.of()), out);
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void threeTapsPostTheirCountAndEachHearsTheOtherTapsBeersButNotItsOwn() throws Exception {
    TapSimulator taps =
        simulator(
            "--url",
            "http://127.0.0.1:" + port,
            "--taps",
            "3",
            "--interval",
            "100ms",
            "--count",
            "4");

    TapSimulator.Summary summary = taps.run().await(30, SECONDS);
    taps.stop().await(5, SECONDS);

    assertEquals(12, summary.posted(), output());
    assertEquals(0, summary.errors(), output());
    // Each of the 3 sockets hears the other taps' 8 beers (seed 003's two messages each), and the
    // statistics after the 10th.
    assertEquals(3 * (8 * 2 + 1), summary.received(), output());
    assertEquals(12L, http.getJson("/api/beers").getLong("total"));
    assertTrue(output().contains("[tap-2] received: Tap with id 0 posted a new beer"), output());
    for (int tap = 0; tap < 3; tap++) {
      assertFalse(
          output().contains("[tap-" + tap + "] received: Tap with id " + tap + " posted"),
          "a tap heard its own beer:\n" + output());
    }
    assertEquals("taps=3 posted=12 received=51 errors=0", summary.toString());
  }

  @Test
  void aTapReconnectsWhenTheServerComesBack() throws Exception {
    TapSimulator taps =
        simulator("--url", "http://127.0.0.1:" + port, "--taps", "2", "--interval", "200ms");
    taps.run();
    awaitOutput("posted beer id 0");

    stack.close().await(30, SECONDS);
    awaitOutput("reconnecting in");
    awaitOutput("post failed"); // a post while the server is down, before it comes back
    // Tap 1's beers that tap 0 heard before the restart; one more must come over the new socket.
    int heardBefore = count(output(), "[tap-0] received: Tap with id 1 posted a new beer");
    stack = startStack();

    awaitOutput("[tap-0] connected to", 2);
    awaitOutput("[tap-0] received: Tap with id 1 posted a new beer", heardBefore + 1);
    taps.stop().await(5, SECONDS);
    String printed = output();
    assertTrue(
        printed.lastIndexOf("[tap-0] received:") > printed.lastIndexOf("[tap-0] connected to"),
        "a broadcast arrived over the new socket:\n" + printed);
    assertTrue(taps.summary().errors() > 0, "posts while the server was down count as errors");
  }

  private void awaitOutput(String text) throws InterruptedException {
    awaitOutput(text, 1);
  }

  private static int count(String printed, String text) {
    return printed.split(java.util.regex.Pattern.quote(text), -1).length - 1;
  }

  private void awaitOutput(String text, int times) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      if (count(output(), text) >= times) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not " + times + "x '" + text + "' within 15 s in:\n" + output());
  }
}
