package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Black-box: the TCP event-bus bridge with the stdlib Python clients of scripts/python, and its
 * guards (public addresses only; tokens with --auth).
 */
class BridgeTest extends OneNodeTest {

  private int bridgePort;

  @Override
  List<String> extraArgs() {
    bridgePort = TestHttp.freePort();
    return List.of("--stats-interval", "off", "--bridge-port", String.valueOf(bridgePort));
  }

  private static String run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(Path.of("..").toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  /** One exchange over a raw bridge connection: a frame out, the first frame back. */
  static JsonObject exchange(int port, JsonObject frame) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          new byte[] {
            (byte) (json.length >>> 24),
            (byte) (json.length >>> 16),
            (byte) (json.length >>> 8),
            (byte) json.length
          });
      out.write(json);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] reply = new byte[in.readInt()];
      in.readFully(reply);
      return new JsonObject(new String(reply, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aPythonTapAddsBeersThroughTheBusAndSocketsHearThem() throws Exception {
    try (TestSocket socket = TestSocket.open(port, "/sockets/beers")) {
      String output =
          run(
              "python3",
              "scripts/python/tap.py",
              "--bridge",
              "127.0.0.1:" + bridgePort,
              "--tap",
              "7",
              "--count",
              "3",
              "--interval",
              "0.05");
      assertTrue(output.contains("tap=7 added=3 errors=0 heard=3"), output);
      assertEquals(3L, http.getJson("/api/beers?page_size=10").getLong("total"));
      for (int id = 0; id < 3; id++) {
        assertEquals("Beer " + id + " added to the collection", socket.next(5));
        assertEquals("Tap with id 7 posted a new beer!", socket.next(5));
      }
    }
  }

  @Test
  void aPythonWorkerRunsAWordCountJobSubmittedOverRest() throws Exception {
    List<String> output = new ArrayList<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                output.add(
                    run(
                        "python3",
                        "scripts/python/worker.py",
                        "--bridge",
                        "127.0.0.1:" + bridgePort,
                        "--max-jobs",
                        "1",
                        "--poll",
                        "0.5"));
              } catch (Exception e) {
                output.add(e.toString());
              }
            });
    worker.start();
    String id =
        new JsonObject(
                http.send(
                        "POST",
                        "/jobs",
                        "{\"type\":\"py.wordcount\",\"payload\":{\"text\":\"to be or not to be\"}}")
                    .body())
            .getString("id");
    worker.join(30_000);
    JsonObject job = http.getJson("/jobs/" + id).getJsonObject("job");
    assertEquals("succeeded", job.getString("status"), output.toString());
    assertEquals(new JsonObject().put("words", 6), job.getJsonObject("result"));
    assertTrue(output.get(0).contains("finished " + id + ": succeeded"), output.get(0));
  }

  @Test
  void aKilledPythonWorkersJobIsRunAgainAfterItsLease() throws Exception {
    Process doomed =
        new ProcessBuilder(
                "python3",
                "scripts/python/worker.py",
                "--bridge",
                "127.0.0.1:" + bridgePort,
                "--lease-ms",
                "1500",
                "--work-seconds",
                "60",
                "--poll",
                "0.5")
            .directory(Path.of("..").toFile())
            .redirectErrorStream(true)
            .start();
    String id =
        new JsonObject(
                http.send(
                        "POST",
                        "/jobs",
                        "{\"type\":\"py.wordcount\",\"payload\":{\"text\":\"one two\"}}")
                    .body())
            .getString("id");
    for (int i = 0;
        i < 100
            && !"running"
                .equals(http.getJson("/jobs/" + id).getJsonObject("job").getString("status"));
        i++) {
      Thread.sleep(100);
    }
    doomed.destroyForcibly().waitFor();

    String output =
        run(
            "python3",
            "scripts/python/worker.py",
            "--bridge",
            "127.0.0.1:" + bridgePort,
            "--max-jobs",
            "1",
            "--poll",
            "0.5");
    JsonObject job = http.getJson("/jobs/" + id).getJsonObject("job");
    assertEquals("succeeded", job.getString("status"), output);
    assertEquals(2, job.getInteger("attempts"), "run again after the lease ran out");
    assertEquals(new JsonObject().put("words", 2), job.getJsonObject("result"));
  }

  @Test
  void aSendToAnInternalAddressGetsAnErrorFrame() throws Exception {
    JsonObject refused =
        exchange(
            bridgePort,
            new JsonObject()
                .put("type", "send")
                .put("address", "tasks.delete")
                .put("replyAddress", "r1")
                .put("body", new JsonObject().put("id", "x")));
    assertEquals("err", refused.getString("type"), refused.encode());
    JsonObject registerInternal =
        exchange(
            bridgePort,
            new JsonObject().put("type", "register").put("address", "ws.socket.opened"));
    assertEquals("err", registerInternal.getString("type"), registerInternal.encode());
    JsonObject malformed =
        exchange(
            bridgePort,
            new JsonObject()
                .put("type", "send")
                .put("address", "beers.add")
                .put("replyAddress", "r2")
                .put("body", new JsonObject().put("tapId", "seven")));
    assertEquals("err", malformed.getString("type"), malformed.encode());
    assertEquals(0L, http.getJson("/api/beers").getLong("total"));
  }

  /** Issue 19 item 1: the frame's declared length is checked before any of its body is kept. */
  @Test
  void aFrameDeclaringTwoGibibytesClosesTheConnectionAtOnceAndCostsNoMemory() throws Exception {
    long before = usedHeapAfterGc();
    long sent = 0;
    try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) 0x80, 0, 0, 0}); // 2 GiB
      byte[] junk = new byte[64 * 1024];
      try {
        while (sent < 64L << 20) {
          out.write(junk);
          sent += junk.length;
        }
      } catch (IOException closedByTheServer) {
        // what should happen
      }
      // Measured while this end still holds the connection: the old parser kept every byte.
      long grown = usedHeapAfterGc() - before;
      assertTrue(sent < 64L << 20, "the server read all 64 MiB instead of closing: " + sent);
      assertTrue(grown < 8L << 20, "the heap grew by " + (grown >> 20) + " MiB");
      try {
        assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
      } catch (java.net.SocketException reset) {
        // closed while we were still writing: a reset is as good
      }
    }
    long start = System.nanoTime();
    assertEquals("pong", http.get("/ping").body());
    long pingMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(pingMs < 1_000, "/ping took " + pingMs + " ms");
    assertEquals(
        "pong", exchange(bridgePort, new JsonObject().put("type", "ping")).getString("type"));
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      least =
          Math.min(
              least,
              java.lang.management.ManagementFactory.getMemoryMXBean()
                  .getHeapMemoryUsage()
                  .getUsed());
    }
    return least;
  }

  /** Issue 19 item 1: a frame the bridge cannot read gets an error frame, not silence. */
  @Test
  void malformedFramesGetErrorFramesAndTheConnectionStaysUsable() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
      socket.setSoTimeout(10_000);
      for (String bad :
          List.of(
              "{not json",
              "[1,2]",
              "{\"address\":\"beers.add\"}",
              "{\"type\":\"bogus\",\"address\":\"beers.add\"}",
              "{\"type\":7}",
              "{\"type\":\"send\"}")) {
        JsonObject answer = exchangeOn(socket, bad.getBytes(StandardCharsets.UTF_8));
        assertEquals("err", answer.getString("type"), bad + " -> " + answer.encode());
        assertTrue(answer.getString("message") != null, answer.encode());
      }
      JsonObject pong = exchangeOn(socket, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
      assertEquals("pong", pong.getString("type"));
    }
  }

  private static JsonObject exchangeOn(Socket socket, byte[] json) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        new byte[] {
          (byte) (json.length >>> 24),
          (byte) (json.length >>> 16),
          (byte) (json.length >>> 8),
          (byte) json.length
        });
    out.write(json);
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] reply = new byte[in.readInt()];
    in.readFully(reply);
    return new JsonObject(new String(reply, StandardCharsets.UTF_8));
  }

  @Test
  void browsersGetThePublicEventsOverSockJsAndNothingElse() throws Exception {
    // SockJS's raw WebSocket transport carries the same JSON frames, one per message.
    try (TestSocket bus = TestSocket.open(port, "/eventbus/websocket")) {
      bus.send(new JsonObject().put("type", "register").put("address", "beer.added").encode());
      bus.send(
          new JsonObject()
              .put("type", "send")
              .put("address", "tasks.delete")
              .put("body", new JsonObject().put("id", "x"))
              .encode());
      JsonObject refused = new JsonObject(bus.next(5));
      assertEquals("err", refused.getString("type"), refused.encode());
      Thread.sleep(300);
      http.send("POST", "/api/beers", "{\"tapId\":5,\"volume\":400}");
      JsonObject event = new JsonObject(bus.next(5));
      while (!"rec".equals(event.getString("type"))) {
        event = new JsonObject(bus.next(5));
      }
      assertEquals("beer.added", event.getString("address"));
      assertEquals(5L, event.getJsonObject("body").getJsonObject("beer").getLong("tapId"));
    }
  }

  /** With --auth, a frame without the REST API's token is refused and the connection closed. */
  @Test
  void withAuthAConnectionWithoutATokenIsRefused() throws Exception {
    int authPort = TestHttp.freePort();
    int authBridge = TestHttp.freePort();
    Path data = dataDir.resolve("auth");
    EventStack secured =
        EventStack.start(
                "--port",
                String.valueOf(authPort),
                "--data-dir",
                data.toString(),
                "--auth",
                "--bridge-port",
                String.valueOf(authBridge),
                "--stats-interval",
                "off")
            .await(30, SECONDS);
    try {
      JsonObject add =
          new JsonObject()
              .put("type", "send")
              .put("address", "beers.add")
              .put("replyAddress", "r")
              .put("body", new JsonObject().put("tapId", 1).put("volume", 500));
      assertEquals("err", exchange(authBridge, add).getString("type"));
      String token =
          TokenCommand.run(List.of("--subject", "py", "--data-dir", data.toString()), Map.of());
      JsonObject accepted =
          exchange(authBridge, add.copy().put("headers", new JsonObject().put("token", token)));
      assertEquals("message", accepted.getString("type"), accepted.encode());
      assertEquals(0L, accepted.getJsonObject("body").getJsonObject("beer").getLong("id"));
    } finally {
      secured.close().await(30, SECONDS);
    }
  }
}
