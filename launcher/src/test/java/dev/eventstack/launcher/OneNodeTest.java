package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the black-box tests: the whole system in one JVM, as the quick start runs it, on a free
 * port and a temporary data dir, with a client over real sockets.
 */
abstract class OneNodeTest {

  @TempDir Path dataDir;
  int port;
  EventStack stack;
  TestHttp http;

  /**
   * A free port can be taken by someone else before the node binds it (another test's outgoing
   * connection, say): then the node starts again on another one.
   */
  @BeforeEach
  void startNode() throws Exception {
    for (int tries = 1; ; tries++) {
      port = TestHttp.freePort();
      try {
        stack = startStack();
        break;
      } catch (java.net.BindException taken) {
        if (tries == 3) {
          throw taken;
        }
        Thread.sleep(1_000); // the failed node closes its embedded database meanwhile
      }
    }
    http = new TestHttp(port);
  }

  EventStack startStack() throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
    args.addAll(extraArgs());
    return EventStack.start(args.toArray(String[]::new)).await(30, SECONDS);
  }

  /**
   * Options on top of port and data dir. The periodic statistics are off by default, so that a tick
   * cannot slip a message in among those a test expects.
   */
  List<String> extraArgs() {
    return List.of("--stats-interval", "off");
  }

  /** Stops the node and starts a new one on the same port and data dir. */
  void restart() throws Exception {
    stack.close().await(30, SECONDS);
    stack = startStack();
  }

  @AfterEach
  void stopNode() throws Exception {
    if (stack != null) {
      stack.close().await(30, SECONDS);
    }
  }
}
