package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes as separate JVMs on 127.0.0.1, joined by Hazelcast over TCP, with free ports and a
 * cluster name of their own. Node A owns the embedded database; the others run none and reach it
 * over the clustered event bus.
 */
@Tag("fault")
class ClusterIT {

  @TempDir Path workDir;
  private final String clusterName = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final int[] hazelcastPorts = {
    TestHttp.freePort(), TestHttp.freePort(), TestHttp.freePort(), TestHttp.freePort()
  };

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }

  private NodeProcess node(String name, int index, int httpPort, String verticles) {
    StringBuilder members = new StringBuilder();
    for (int port : hazelcastPorts) {
      members.append(members.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
    }
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
            members.toString(),
            "--port",
            String.valueOf(httpPort),
            "--data-dir",
            workDir.resolve("data-" + name).toString(),
            "--instances",
            "1",
            "--verticles",
            verticles);
    nodes.add(node);
    return node;
  }

  @Test
  void nodesShareTheDatabaseEventsAndLocksAndSurviveAKilledNode() throws Exception {
    long started = System.nanoTime();
    int portA = TestHttp.freePort();
    int portB = TestHttp.freePort();
    int portC = TestHttp.freePort();
    TestHttp httpA = new TestHttp(portA);
    TestHttp httpB = new TestHttp(portB);
    TestHttp httpC = new TestHttp(portC);

    NodeProcess nodeA = node("a", 0, portA, "db,http").awaitReady();
    NodeProcess nodeB = node("b", 1, portB, "http,ws,scheduler").awaitReady();
    nodeA.awaitOutput("members=2", Duration.ofSeconds(30));
    System.out.printf("cluster of 2 formed in %.1f s%n", (System.nanoTime() - started) / 1e9);

    // B runs no db-verticle: its request is served by A's, and A sees the same data.
    String id = awaitServed(httpB, "{\"title\":\"through B\"}");
    assertEquals(new JsonObject().put("title", "through B"), httpA.getJson("/tasks/" + id));

    // An event published on A (by its db-verticle) reaches a socket on B.
    try (TestSocket socketOnB = TestSocket.open(portB, "/sockets/tasks")) {
      String second = httpA.createTask("{\"title\":\"through A\"}");
      assertEquals("Task " + second + " created", socketOnB.next(10));
    }

    // The embedded database's owner lock is cluster-wide: a second owner refuses to start.
    NodeProcess rival = node("rival", 3, TestHttp.freePort(), "db");
    assertEquals(Cli.EXIT_FAILED, rival.awaitExit(Duration.ofSeconds(60)));
    assertTrue(rival.output().contains("already runs the embedded database"), rival.output());

    // A node that joins late receives later events.
    node("c", 2, portC, "http,ws").awaitReady();
    try (TestSocket socketOnC = TestSocket.open(portC, "/sockets/tasks")) {
      String late = httpB.createTask("{\"title\":\"after C joined\"}");
      assertEquals("Task " + late + " created", socketOnC.next(10));

      // A beer posted through C reaches the beer sockets of B and of C.
      try (TestSocket beersOnB = TestSocket.open(portB, "/sockets/beers");
          TestSocket beersOnC = TestSocket.open(portC, "/sockets/beers?format=json")) {
        HttpResponse<String> beer =
            httpC.send("POST", "/api/beers", "{\"tapId\":4,\"volume\":330}");
        assertEquals(201, beer.statusCode(), beer.body());
        assertEquals("Beer 0 added to the collection", beersOnB.nextMatching("Beer ", 10));
        assertEquals("Tap with id 4 posted a new beer!", beersOnB.next(10));
        JsonObject added = new JsonObject(beersOnC.nextMatching("{\"event\":\"beer.added\"", 10));
        assertEquals(
            new JsonObject(beer.body()).getJsonObject("beer"), added.getJsonObject("beer"));
      }

      // kill -9 of a non-DB node: the others keep serving, and C's socket keeps receiving.
      nodeB.kill();
      String afterKill = httpC.createTask("{\"title\":\"after B died\"}");
      assertEquals("Task " + afterKill + " created", socketOnC.next(10));
      assertEquals(4, httpA.getJson("/tasks").size());
    }

    // With the only db-verticle gone, requests fail fast with 503 JSON: nothing hangs.
    nodeA.kill();
    HttpResponse<String> orphan = awaitStatus(httpC, 503);
    assertEquals(503, new JsonObject(orphan.body()).getInteger("code"));
    assertEquals("1", orphan.headers().firstValue("Retry-After").orElseThrow());
    System.out.printf("cluster test took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** The first request through a fresh node may race the bus registrations of a remote one. */
  private static String awaitServed(TestHttp http, String task) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> response;
    do {
      response = http.send("POST", "/tasks", task);
      if (response.statusCode() == 201) {
        return response.headers().firstValue("Location").orElseThrow().substring(7);
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not served: " + response.statusCode() + " " + response.body());
  }

  /** Polls until {@code status}; every answer on the way must be a JSON 5xx, never a hang. */
  private static HttpResponse<String> awaitStatus(TestHttp http, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.get("/tasks");
      if (response.statusCode() == status) {
        return response;
      }
      assertTrue(response.statusCode() == 200 || response.statusCode() == 504, response.body());
      Thread.sleep(200);
    }
    throw new AssertionError("never answered " + status);
  }
}
