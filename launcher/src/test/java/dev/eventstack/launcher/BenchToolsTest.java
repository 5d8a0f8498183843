package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools of scripts/bench: bench-baseline and bench-ws, against a real node. */
class BenchToolsTest extends OneNodeTest {

  @Test
  void benchWsCountsEveryDeliveryToEveryClient() throws Exception {
    BenchWs.Options options =
        BenchWs.Options.parse(
            List.of(
                "--clients",
                "40",
                "--url",
                "ws://127.0.0.1:" + port + "/sockets/beers",
                "--messages",
                "5",
                "--interval",
                "50ms"),
            Map.of());
    Vertx vertx = Vertx.vertx();
    try {
      BenchWs.Result result =
          new BenchWs(vertx, options, new PrintStream(new ByteArrayOutputStream()))
              .run()
              .await(60, SECONDS);
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
      assertEquals(15L, http.getJson("/api/beers").getLong("total"));
    } finally {
      vertx.close().await(10, SECONDS);
    }
  }

  @Test
  void benchBaselineAnswersEveryPathWithTheSameSmallJson() throws Exception {
    int basePort = TestHttp.freePort();
    Vertx vertx = Vertx.vertx();
    try {
      BenchBaseline.deploy(
              vertx,
              BenchBaseline.Options.parse(
                  List.of("--port", String.valueOf(basePort), "--instances", "2")))
          .await(10, SECONDS);
      HttpResponse<String> answer = new TestHttp(basePort).get("/anything?at=all");
      assertEquals(200, answer.statusCode());
      assertEquals(new JsonObject().put("message", "hello"), new JsonObject(answer.body()));
      assertEquals("application/json", answer.headers().firstValue("content-type").orElseThrow());
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
    assertThrows(UsageException.class, () -> BenchWs.Options.parse(List.of(), Map.of()));
    assertThrows(
        UsageException.class, () -> BenchWs.Options.parse(List.of("--clients", "0"), Map.of()));
    assertThrows(
        UsageException.class,
        () ->
            BenchWs.Options.parse(
                List.of("--clients", "5", "--url", "http://x/sockets/beers"), Map.of()));
    assertThrows(
        UsageException.class, () -> BenchBaseline.Options.parse(List.of("--port", "70000")));
    assertThrows(UsageException.class, () -> BenchBaseline.Options.parse(List.of("--bogus")));
  }
}
