package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Black-box: the statistics also go out on every {@code --stats-interval}, without new beers. */
class PeriodicStatsTest extends OneNodeTest {

  @Override
  List<String> extraArgs() {
    return List.of("--stats-interval", "500ms");
  }

  @Test
  void statsArriveOnEveryTickWithTheSharesOfEachTap() throws Exception {
    for (int tap : new int[] {0, 0, 0, 1}) {
      http.send(
          "POST", "/api/beers", new JsonObject().put("tapId", tap).put("volume", 250).encode());
    }
    try (TestSocket json = TestSocket.open(port, "/sockets/beers?format=json")) {
      for (int tick = 0; tick < 2; tick++) {
        JsonObject stats = new JsonObject(json.next(3));
        assertEquals("stats", stats.getString("event"));
        assertEquals(4L, stats.getLong("total"));
        assertEquals(new JsonObject().put("0", 75.0).put("1", 25.0), stats.getJsonObject("taps"));
        assertEquals(
            new JsonObject().put("half", 4).put("pint", 0).put("stein", 0),
            stats.getJsonObject("types"));
      }
    }
  }
}
