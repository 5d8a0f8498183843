package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: kill -9 of a non-DB node in a cluster of three JVMs under steady load. A client that
 * retries idempotent reads on another node sees no failure; sockets on the surviving nodes lose no
 * event; the exclusive job keeps running once per tick.
 */
@Tag("fault")
class NodeKillUnderLoadIT {

  @TempDir Path workDir;
  private final String clusterName = "kill-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final int[] hazelcast = {TestHttp.freePort(), TestHttp.freePort(), TestHttp.freePort()};

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  private NodeProcess node(String name, int index, int port, String verticles) {
    String members =
        "127.0.0.1:" + hazelcast[0] + ",127.0.0.1:" + hazelcast[1] + ",127.0.0.1:" + hazelcast[2];
    NodeProcess node =
        NodeProcess.start(
            name,
            workDir,
            "--cluster",
            "--cluster-name",
            clusterName,
            "--cluster-port",
            String.valueOf(hazelcast[index]),
            "--cluster-members",
            members,
            "--port",
            String.valueOf(port),
            "--data-dir",
            workDir.resolve("data-" + name).toString(),
            "--instances",
            "1",
            "--verticles",
            verticles,
            "--stats-interval",
            "1s");
    nodes.add(node);
    return node;
  }

  @Test
  void theSurvivorsServeEveryRequestAndEveryEventWhenANodeIsKilled() throws Exception {
    int[] ports = {TestHttp.freePort(), TestHttp.freePort(), TestHttp.freePort()};
    TestHttp[] http = {new TestHttp(ports[0]), new TestHttp(ports[1]), new TestHttp(ports[2])};
    NodeProcess a = node("a", 0, ports[0], "db,http,ws,scheduler").awaitReady();
    NodeProcess b = node("b", 1, ports[1], "http,ws,scheduler").awaitReady();
    node("c", 2, ports[2], "http,ws,scheduler").awaitReady();
    a.awaitOutput("members=3", Duration.ofSeconds(40));
    Thread.sleep(3_000); // the subscriptions of the new nodes reach every member
    String id = http[0].createTask("{\"title\":\"read under load\"}");

    AtomicInteger reads = new AtomicInteger();
    AtomicInteger retried = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean loading = new AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              for (int i = 0; loading.get(); i++) {
                reads.incrementAndGet();
                if (!read(http[1 + i % 2], id)) {
                  retried.incrementAndGet();
                  if (!read(http[1 + (i + 1) % 2], id)) {
                    failed.incrementAndGet();
                  }
                }
              }
            });
    int written;
    int heardOnA;
    int heardOnC;
    Instant killedAt;
    try (TestSocket onA = TestSocket.open(ports[0], "/sockets/tasks");
        TestSocket onC = TestSocket.open(ports[2], "/sockets/tasks")) {
      reader.start();
      written = 0;
      killedAt = null;
      for (int i = 0; i < 40; i++) {
        if (i == 15) {
          b.kill();
          killedAt = Instant.now();
        }
        http[0].createTask("{\"title\":\"event " + i + "\"}");
        written++;
        Thread.sleep(100);
      }
      Thread.sleep(4_000);
      loading.set(false);
      reader.join(20_000);
      heardOnA = drain(onA);
      heardOnC = drain(onC);
    }
    JsonArray runs = http[0].getJson("/jobs/runs?job=beer-stats&limit=200").getJsonArray("runs");
    Set<Long> ticks = new HashSet<>();
    int runsAfterKill = 0;
    for (Object entry : runs) {
      JsonObject run = (JsonObject) entry;
      assertTrue(ticks.add(run.getLong("tick")), "a tick ran twice: " + run.encode());
      if (Instant.parse(run.getString("start")).isAfter(killedAt.plusSeconds(1))) {
        runsAfterKill++;
      }
    }
    System.out.printf(
        "node kill under load: %d reads (%d retried on the other node, %d failed);"
            + " %d events written, heard %d on A and %d on C; %d beer-stats runs after the kill,"
            + " one per tick%n",
        reads.get(), retried.get(), failed.get(), written, heardOnA, heardOnC, runsAfterKill);
    assertEquals(0, failed.get(), "reads that failed on both nodes");
    assertTrue(reads.get() > 50, "steady load: " + reads.get());
    assertEquals(written, heardOnA, "events lost on A");
    assertEquals(written, heardOnC, "events lost on C");
    assertTrue(runsAfterKill >= 3, "the exclusive job kept running: " + runsAfterKill);
  }

  private static boolean read(TestHttp http, String id) {
    try {
      HttpResponse<String> response = http.get("/tasks/" + id);
      return response.statusCode() == 200;
    } catch (RuntimeException connectionRefused) {
      return false;
    }
  }

  private static int drain(TestSocket socket) throws InterruptedException {
    int heard = 0;
    try {
      while (true) {
        socket.next(2);
        heard++;
      }
    } catch (AssertionError quiet) {
      return heard;
    }
  }
}
