package dev.eventstack.bench;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.launcher.EventStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** The tools of scripts/bench: bench-baseline and bench-ws, against a real node. */
class BenchToolsTest {

  @TempDir Path dataDir;
  private int port;
  private EventStack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startNode() throws Exception {
    port = freePort();
    stack =
        EventStack.start(
                "--port",
                String.valueOf(port),
                "--data-dir",
                dataDir.toString(),
                "--stats-interval",
                "off")
            .await(30, SECONDS);
  }

  @AfterEach
  void stopNode() throws Exception {
    stack.close().await(30, SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private HttpResponse<String> get(int serverPort, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void benchWsCountsEveryDeliveryToEveryClient() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      BenchWs.Result result = fanOut(vertx, port, 40, 5);
      assertEquals(40, result.connected());
      assertEquals(5, result.posted());
      assertEquals(0, result.missed());
      assertEquals(0, result.postErrors());
      assertTrue(result.p50Ms() > 0 && result.p50Ms() <= result.p99Ms(), result.toString());
      assertTrue(
          result.firstP50Ms() > 0 && result.firstP50Ms() <= result.p50Ms(), result.toString());
      assertTrue(
          result.spreadP50Ms() >= 0 && result.spreadP50Ms() <= result.spreadP99Ms(),
          result.toString());
      // 10 warm-up beers and the 5 measured ones were all stored.
      assertEquals(15L, new JsonObject(get(port, "/api/beers").body()).getLong("total"));
    } finally {
      vertx.close().await(10, SECONDS);
    }
  }

  /** bench-ws against the server on {@code port}: its beers 50 ms apart. */
  private static BenchWs.Result fanOut(Vertx vertx, int port, int clients, int beers)
      throws Exception {
    BenchWs.Options options =
        BenchWs.Options.parse(
            List.of(
                "--clients",
                String.valueOf(clients),
                "--url",
                "ws://127.0.0.1:" + port + "/sockets/beers",
                "--messages",
                String.valueOf(beers),
                "--interval",
                "50ms"),
            Map.of());
    return new BenchWs(vertx, options, new PrintStream(new ByteArrayOutputStream()))
        .run()
        .await(60, SECONDS);
  }

  /** The baseline, two instances, as scripts/bench starts it. */
  private static void deployBaseline(Vertx vertx, int port) throws Exception {
    BenchBaseline.deploy(
            vertx,
            BenchBaseline.Options.parse(
                List.of("--port", String.valueOf(port), "--instances", "2")))
        .await(10, SECONDS);
  }

  @Test
  void benchBaselineAnswersEveryPathWithTheSameSmallJson() throws Exception {
    int basePort = freePort();
    Vertx vertx = Vertx.vertx();
    try {
      deployBaseline(vertx, basePort);
      HttpResponse<String> answer = get(basePort, "/anything?at=all");
      assertEquals(200, answer.statusCode());
      assertEquals(new JsonObject().put("message", "hello"), new JsonObject(answer.body()));
      assertEquals("application/json", answer.headers().firstValue("content-type").orElseThrow());
    } finally {
      vertx.close().await(10, SECONDS);
    }
  }

  @Test
  void benchBaselineFansEachPostedBeerOutToEverySocketOfEveryInstance() throws Exception {
    int basePort = freePort();
    Vertx vertx = Vertx.vertx();
    try {
      deployBaseline(vertx, basePort);
      BenchWs.Result result = fanOut(vertx, basePort, 30, 4);
      assertEquals(30, result.connected());
      assertEquals(4, result.posted());
      assertEquals(0, result.missed(), result.toString());
      assertEquals(0, result.postErrors(), result.toString());
    } finally {
      vertx.close().await(10, SECONDS);
    }
  }

  @Test
  void readsTheBeerIdWithoutParsingAndRanksPercentiles() {
    assertEquals(
        1234L,
        BenchWs.beerId(
            "{\"event\":\"beer.added\",\"beer\":{\"tapId\":3,"
                + "\"volume\":500.0,\"type\":\"pint\",\"timestamp\":\"t\",\"id\":1234}}"));
    List<Double> sorted = List.of(1.0, 2.0, 3.0, 4.0, 100.0);
    assertEquals(3.0, BenchWs.percentile(sorted, 50));
    assertEquals(100.0, BenchWs.percentile(sorted, 99));
    assertEquals(0.0, BenchWs.percentile(List.of(), 50));
  }

  @Test
  void refusesBadOptions() {
    assertThrows(ParameterException.class, () -> BenchWs.Options.parse(List.of(), Map.of()));
    assertThrows(
        ParameterException.class, () -> BenchWs.Options.parse(List.of("--clients", "0"), Map.of()));
    assertThrows(
        ParameterException.class,
        () ->
            BenchWs.Options.parse(
                List.of("--clients", "5", "--url", "http://x/sockets/beers"), Map.of()));
    assertThrows(
        ParameterException.class, () -> BenchBaseline.Options.parse(List.of("--port", "70000")));
    assertThrows(ParameterException.class, () -> BenchBaseline.Options.parse(List.of("--bogus")));
  }

  @Test
  void postsToTheSocketsHostUnlessToldOtherwise() {
    BenchWs.Options options =
        BenchWs.Options.parse(
            List.of("--clients", "2", "--url", "ws://10.1.2.3:9000/sockets/beers"), Map.of());
    assertEquals(URI.create("http://10.1.2.3:9000/api/beers"), options.postUrl());
    assertEquals(50, options.messages());
  }
}
