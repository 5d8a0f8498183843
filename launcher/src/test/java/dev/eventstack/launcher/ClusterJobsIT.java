package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes as separate JVMs clustered by Hazelcast over TCP on 127.0.0.1: an exclusive job runs
 * once per tick in all, a lock dies with its holder, and a job survives the kill -9 of its worker.
 */
@Tag("fault")
class ClusterJobsIT {

  @TempDir Path workDir;
  private final String clusterName = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final int[] hazelcastPorts = {TestHttp.freePort(), TestHttp.freePort()};

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  private NodeProcess node(String name, int index, int httpPort, String verticles, Path config) {
    NodeProcess node =
        NodeProcess.start(
            name,
            workDir,
            "--cluster",
            "--cluster-name",
            clusterName,
            "--cluster-port",
            String.valueOf(hazelcastPorts[index]),
            "--cluster-members",
            "127.0.0.1:" + hazelcastPorts[0] + ",127.0.0.1:" + hazelcastPorts[1],
            "--port",
            String.valueOf(httpPort),
            "--data-dir",
            workDir.resolve("data-" + name).toString(),
            "--instances",
            "1",
            "--verticles",
            verticles,
            "--stats-interval",
            "1s",
            "--config",
            config.toString());
    nodes.add(node);
    return node;
  }

  @Test
  void exclusiveTicksRunOnceLocksDieWithTheirHolderAndJobsOutliveTheirWorker() throws Exception {
    // One worker per node, short leases and polls, so that a dead worker's job comes back soon.
    Path config = workDir.resolve("jobs.json");
    Files.writeString(
        config,
        new JsonObject()
            .put(
                "scheduler",
                new JsonObject()
                    .put(
                        "workers",
                        new JsonObject()
                            .put("concurrency", 1)
                            .put("leaseMs", 2000)
                            .put("pollMs", 1000)))
            .encode());
    int portA = TestHttp.freePort();
    int portB = TestHttp.freePort();
    TestHttp httpA = new TestHttp(portA);
    TestHttp httpB = new TestHttp(portB);
    NodeProcess nodeA = node("a", 0, portA, "db,http,ws,scheduler", config).awaitReady();
    NodeProcess nodeB = node("b", 1, portB, "http,ws,scheduler", config).awaitReady();
    nodeA.awaitOutput("members=2", Duration.ofSeconds(30));

    // 1. beer-stats every 1 s on both nodes, for 10 s: one run per tick in all.
    Instant from = Instant.now().plusSeconds(2);
    Thread.sleep(12_000);
    Instant to = from.plusSeconds(10);
    JsonArray runs = httpA.getJson("/jobs/runs?job=beer-stats&limit=100").getJsonArray("runs");
    Set<Long> ticks = new HashSet<>();
    Set<String> runners = new HashSet<>();
    int inWindow = 0;
    for (Object entry : runs) {
      JsonObject run = (JsonObject) entry;
      Instant start = Instant.parse(run.getString("start"));
      if (start.isBefore(from) || !start.isBefore(to)) {
        continue;
      }
      inWindow++;
      assertTrue(ticks.add(run.getLong("tick")), "tick " + run.getLong("tick") + " ran twice");
      runners.add(run.getString("node"));
      assertEquals("succeeded", run.getString("outcome"), run.encode());
    }
    System.out.printf(
        "beer-stats: %d runs in 10 s over %d ticks, by %d node(s)%n",
        inWindow, ticks.size(), runners.size());
    assertTrue(inWindow >= 9 && inWindow <= 11, "one run per 1 s tick: " + inWindow);

    // 2. Two long jobs: each node's single worker takes one.
    String first = submit(httpA);
    String second = submit(httpA);
    JsonArray running = awaitRunning(httpA, 2);
    assertNotEquals(
        running.getJsonObject(0).getString("owner"),
        running.getJsonObject(1).getString("owner"),
        "one job per node");

    // 3. B holds a lock; then B dies by kill -9.
    CompletableFuture.runAsync(() -> httpB.get("/locking/shared?hold_ms=60000"));
    nodeB.awaitOutput("lock taken lock=shared", Duration.ofSeconds(10));
    assertEquals(409, httpA.get("/locking/shared?hold_ms=10").statusCode());
    nodeB.kill();

    // The lock is released with its dead holder...
    HttpResponse<String> freed = awaitStatus(httpA, "/locking/shared?hold_ms=10", 200);
    assertEquals(new JsonObject().put("aLock", "shared"), new JsonObject(freed.body()));

    // ...and B's job is finished by A once its lease runs out.
    JsonObject firstDone = awaitEnded(httpA, first);
    JsonObject secondDone = awaitEnded(httpA, second);
    assertEquals("succeeded", firstDone.getString("status"));
    assertEquals("succeeded", secondDone.getString("status"));
    List<Integer> attempts =
        List.of(firstDone.getInteger("attempts"), secondDone.getInteger("attempts"));
    assertTrue(
        attempts.contains(1) && attempts.contains(2),
        "A's own job ran once, B's twice: " + attempts);
    assertTrue(nodeA.output().contains("after lease expiry"), "A reaped B's job");
  }

  private static String submit(TestHttp http) {
    HttpResponse<String> response =
        http.send("POST", "/jobs", "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":4000}}");
    assertEquals(202, response.statusCode(), response.body());
    return new JsonObject(response.body()).getString("id");
  }

  private static JsonArray awaitRunning(TestHttp http, int count) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      JsonArray running = http.getJson("/jobs?status=running").getJsonArray("jobs");
      if (running.size() == count) {
        return running;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never " + count + " jobs running at once");
  }

  private static JsonObject awaitEnded(TestHttp http, String id) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      JsonObject job = http.getJson("/jobs/" + id).getJsonObject("job");
      if (!List.of("queued", "running").contains(job.getString("status"))) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not end within 30 s");
  }

  private static HttpResponse<String> awaitStatus(TestHttp http, String path, int status)
      throws InterruptedException {
    HttpResponse<String> response = null;
    for (int i = 0; i < 150; i++) {
      response = http.get(path);
      if (response.statusCode() == status) {
        return response;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never " + status + " from " + path + ": " + response.body());
  }
}
