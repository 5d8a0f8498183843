package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Black-box: with {@code --auth}, beer writes and the beer socket need a token. */
class BeerAuthTest extends OneNodeTest {

  private static final String BEER = "{\"tapId\":1,\"volume\":500}";

  @Override
  List<String> extraArgs() {
    return List.of("--auth", "--stats-interval", "off");
  }

  /** A token from the {@code token} command, for the key the node made in its data dir. */
  private String token(String subject) {
    return TokenCommand.run(
        List.of("--subject", subject, "--data-dir", dataDir.toString()), Map.of());
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null));
    assertEquals(401, new JsonObject(response.body()).getInteger("status"));
  }

  @Test
  void writesNeedAValidTokenAndReadsStayPublic() {
    assertUnauthorized(http.send("POST", "/api/beers", BEER));
    assertUnauthorized(http.withToken("not.a.jwt").send("POST", "/api/beers", BEER));
    assertUnauthorized(http.withToken(token("tap-1") + "x").send("POST", "/api/beers", BEER));
    assertEquals(0L, http.getJson("/api/beers").getLong("total"), "refused posts stored nothing");

    TestHttp tap = http.withToken(token("tap-1"));
    HttpResponse<String> created = tap.send("POST", "/api/beers", BEER);
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(200, http.get("/api/beers/0").statusCode(), "GET needs no token");

    assertUnauthorized(http.send("DELETE", "/api/beers/0", null));
    assertEquals(204, tap.send("DELETE", "/api/beers/0", null).statusCode());
  }

  @Test
  void theBeerSocketTakesATokenInTheHeaderOrTheQueryAndRefusesNone() throws Exception {
    String token = token("dashboard");
    assertEquals(401, TestSocket.refusal(port, "/sockets/beers"));
    assertEquals(401, TestSocket.refusal(port, "/sockets/beers?token=forged"));

    try (TestSocket byQuery = TestSocket.open(port, "/sockets/beers?token=" + token);
        TestSocket byHeader =
            TestSocket.open(port, "/sockets/beers", Map.of("Authorization", "Bearer " + token))) {
      http.withToken(token).send("POST", "/api/beers", BEER);
      for (TestSocket socket : List.of(byQuery, byHeader)) {
        assertEquals("Beer 0 added to the collection", socket.next(5));
        assertEquals("Tap with id 1 posted a new beer!", socket.next(5));
      }
    }
  }

  /**
   * Seed 003's wish with auth on: a socket whose token's subject is a tap id is that tap, and is
   * not told of its own beers; a socket with any other subject hears them all.
   */
  @Test
  void aSocketWhoseTokenNamesATapGetsNoEchoOfThatTapsBeers() throws Exception {
    try (TestSocket tap1 = TestSocket.open(port, "/sockets/beers?token=" + token("1"));
        TestSocket dashboard =
            TestSocket.open(port, "/sockets/beers?token=" + token("dashboard"))) {
      TestHttp asTap1 = http.withToken(token("1"));
      assertEquals(201, asTap1.send("POST", "/api/beers", BEER).statusCode());
      assertEquals(
          201, asTap1.send("POST", "/api/beers", "{\"tapId\":2,\"volume\":500}").statusCode());

      assertEquals("Beer 0 added to the collection", dashboard.next(5));
      assertEquals("Tap with id 1 posted a new beer!", dashboard.next(5));
      assertEquals("Beer 1 added to the collection", dashboard.next(5));
      assertEquals("Tap with id 2 posted a new beer!", dashboard.next(5));
      assertEquals("Beer 1 added to the collection", tap1.next(5), "tap 1 hears tap 2 only");
      assertEquals("Tap with id 2 posted a new beer!", tap1.next(5));
    }
  }

  /** Issue 19 item 5: the SockJS bridge and the sockets ask a token for the same feeds. */
  @Test
  void theBeerAndJobFeedsNeedATokenOnEveryTransport() throws Exception {
    String token = token("dashboard");
    assertEquals(401, TestSocket.refusal(port, "/sockets/jobs"));
    TestSocket.open(port, "/sockets/jobs?token=" + token).close();
    TestSocket.open(port, "/sockets/books").close();

    try (TestSocket bus = TestSocket.open(port, "/eventbus/websocket")) {
      for (String feed : List.of("beer.added", "beer.stats", "job.changed", "jobs.queued")) {
        bus.send(new JsonObject().put("type", "register").put("address", feed).encode());
        assertRefusedForWantOfAToken(bus, feed);
      }
      bus.send(
          new JsonObject()
              .put("type", "register")
              .put("address", "beer.added")
              .put("headers", new JsonObject().put("token", "forged"))
              .encode());
      assertRefusedForWantOfAToken(bus, "beer.added");
      bus.send(
          new JsonObject()
              .put("type", "register")
              .put("address", "beer.added")
              .put("headers", new JsonObject().put("token", token))
              .encode());
      Thread.sleep(300);
      http.withToken(token).send("POST", "/api/beers", BEER);
      JsonObject event = new JsonObject(bus.next(5));
      while ("err".equals(event.getString("type"))) {
        event = new JsonObject(bus.next(5)); // SockJS's own word on an earlier refusal
      }
      assertEquals("rec", event.getString("type"), event.encode());
      assertEquals("beer.added", event.getString("address"));
    }
  }

  /** Our error frame says why; the SockJS bridge may add its own, without a reason. */
  private static void assertRefusedForWantOfAToken(TestSocket bus, String feed)
      throws InterruptedException {
    JsonObject refused = new JsonObject(bus.next(5));
    while (!refused.encode().contains("token")) {
      assertEquals("err", refused.getString("type"), feed + ": " + refused.encode());
      refused = new JsonObject(bus.next(5));
    }
    assertEquals("err", refused.getString("type"), feed + ": " + refused.encode());
  }

  /** A token signed with the node's own key, with these claims and nothing added. */
  private String signed(JsonObject claims) {
    String key = AuthKey.resolve(Map.of(), dataDir);
    return dev.eventstack.http.JwtKeys.provider(stack.vertx(), key)
        .generateToken(claims, new io.vertx.ext.auth.JWTOptions().setNoTimestamp(true));
  }

  /** Issue 19 item 9: odd claims get 401, never 500; a token must expire within a year. */
  @Test
  void tokensWithBadOrMissingExpiryAreRefusedWith401() {
    long now = System.currentTimeMillis() / 1000;
    for (JsonObject claims :
        List.of(
            new JsonObject().put("sub", "t").put("exp", "never"),
            new JsonObject().put("sub", "t").put("exp", 1.5e12),
            new JsonObject().put("sub", "t"),
            new JsonObject().put("sub", "t").put("exp", now + 400L * 24 * 3600),
            new JsonObject().put("sub", "t").put("exp", now + 60).put("iat", "today"),
            new JsonObject().put("sub", "t").put("exp", now + 60).put("nbf", new JsonObject()))) {
      String token = signed(claims);
      assertUnauthorized(http.withToken(token).send("POST", "/api/beers", BEER));
      assertEquals(401, TestSocket.refusal(port, "/sockets/beers?token=" + token), claims.encode());
    }
    String good = signed(new JsonObject().put("sub", "t").put("exp", now + 3600));
    assertEquals(201, http.withToken(good).send("POST", "/api/beers", BEER).statusCode());
  }

  @Test
  void theKeySurvivesARestartSoTokensStayValid() throws Exception {
    String token = token("tap-2");
    restart();
    HttpResponse<String> created = http.withToken(token).send("POST", "/api/beers", BEER);
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(dataDir.resolve("auth.key").toFile().isFile());
  }
}
