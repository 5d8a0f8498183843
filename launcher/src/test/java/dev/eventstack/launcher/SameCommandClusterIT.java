package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clustering on one machine with no cluster ports or members given (issue 23): each node takes the
 * first free Hazelcast port from 5701 up and looks for the others at 127.0.0.1:5701-5703, so nodes
 * started with the same cluster options find each other. An explicit port that is taken is one line
 * and exit code 1.
 */
@Tag("fault")
class SameCommandClusterIT {

  private static final Pattern SELF = Pattern.compile("self=\\[?127\\.0\\.0\\.1\\]?:(\\d+)");

  @TempDir Path workDir;
  private final String clusterName = "same-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  /** The same cluster options for every node; only the HTTP port and the verticles differ. */
  private NodeProcess node(String name, int httpPort, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cluster",
                "--cluster-name",
                clusterName,
                "--port",
                String.valueOf(httpPort),
                "--data-dir",
                workDir.resolve("data-" + name).toString(),
                "--instances",
                "1",
                "--stats-interval",
                "off"));
    args.addAll(List.of(more));
    NodeProcess node = NodeProcess.start(name, workDir, args.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  private static int hazelcastPort(NodeProcess node) {
    Matcher self = SELF.matcher(node.output());
    assertTrue(self.find(), node.output());
    return Integer.parseInt(self.group(1));
  }

  @Test
  void twoThenThreeNodesWithTheSameClusterOptionsFormOneCluster() throws Exception {
    int portA = TestHttp.freePort();
    int portB = TestHttp.freePort();
    int portC = TestHttp.freePort();
    NodeProcess a = node("a", portA).awaitReady();
    NodeProcess b = node("b", portB, "--verticles", "http,ws").awaitReady();
    a.awaitOutput("members=2", Duration.ofSeconds(60));

    int hazelcastA = hazelcastPort(a);
    int hazelcastB = hazelcastPort(b);
    assertNotEquals(hazelcastA, hazelcastB, "each took a port of its own");
    assertTrue(hazelcastA >= 5701 && hazelcastB >= 5701, hazelcastA + ", " + hazelcastB);

    // B runs no database: its request is served by A's over the clustered bus.
    TestHttp httpB = new TestHttp(portB);
    String id = awaitServed(httpB, "{\"title\":\"through B\"}");
    assertEquals(
        new JsonObject().put("title", "through B"), new TestHttp(portA).getJson("/tasks/" + id));

    NodeProcess c = node("c", portC, "--verticles", "http,ws").awaitReady();
    a.awaitOutput("members=3", Duration.ofSeconds(60));
    assertNotEquals(hazelcastPort(c), hazelcastA);
    assertNotEquals(hazelcastPort(c), hazelcastB);
    assertEquals(
        new JsonObject().put("title", "through B"), new TestHttp(portC).getJson("/tasks/" + id));
  }

  @Test
  void anExplicitClusterPortThatIsTakenIsOneLineAndExitCodeOne() throws Exception {
    NodeProcess a = node("a", TestHttp.freePort()).awaitReady();
    int taken = hazelcastPort(a);

    NodeProcess rival = node("rival", TestHttp.freePort(), "--cluster-port", String.valueOf(taken));
    assertEquals(1, rival.awaitExit(Duration.ofSeconds(60)), rival.output());
    assertTrue(
        rival
            .output()
            .contains(
                "eventstack: failed to start: cluster port "
                    + taken
                    + " on 127.0.0.1 is already in use"),
        rival.output());
    assertFalse(rival.output().contains("\tat "), "no stack trace:\n" + rival.output());
    assertFalse(rival.output().contains("Exception"), "no exception:\n" + rival.output());
  }

  /** The first request through a new node may race its joining; retry until served. */
  private static String awaitServed(TestHttp http, String task) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return http.createTask(task);
      } catch (AssertionError | RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }
}
