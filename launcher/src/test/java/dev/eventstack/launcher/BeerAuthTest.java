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
      String added = "Tap with id 1 posted a new beer (id: 0)!";
      assertEquals(added, byQuery.next(5));
      assertEquals(added, byHeader.next(5));
    }
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
