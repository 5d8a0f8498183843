package dev.eventstack.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** One message per rule, naming the field, wherever the beer comes from. */
class BeerChecksTest {

  private static String problem(String beer) {
    BeerChecks.Problem problem = BeerChecks.beer(new JsonObject(beer), "");
    return problem == null ? null : problem.message() + (problem.outOfRange() ? " [422]" : "");
  }

  @Test
  void aBeerNeedsAnIntegerTapAndANumberOfMlInRange() {
    assertNull(problem("{\"tapId\":0,\"volume\":100}"));
    assertNull(problem("{\"tapId\":3,\"volume\":1000.0}"));
    assertEquals("tapId: expected an integer >= 0", problem("{\"volume\":500}"));
    assertEquals("tapId: expected an integer >= 0", problem("{\"tapId\":-1,\"volume\":500}"));
    assertEquals("tapId: expected an integer >= 0", problem("{\"tapId\":1.5,\"volume\":500}"));
    assertEquals("tapId: expected an integer >= 0", problem("{\"tapId\":\"1\",\"volume\":500}"));
    assertEquals("volume: expected a number of ml", problem("{\"tapId\":1}"));
    assertEquals("volume: expected a number of ml", problem("{\"tapId\":1,\"volume\":\"big\"}"));
    assertEquals(
        "volume: 99.0 ml is outside 100-1000 ml [422]", problem("{\"tapId\":1,\"volume\":99}"));
    assertEquals(
        "volume: 1000.1 ml is outside 100-1000 ml [422]",
        problem("{\"tapId\":1,\"volume\":1000.1}"));
    assertEquals(
        "tapId: expected an integer >= 0", problem("{\"tapId\":-1,\"volume\":5}"), "tap first");
    assertEquals("body: expected {\"tapId\", \"volume\"}", BeerChecks.beer(null, "").message());
  }

  @Test
  void aBatchNamesItsFirstBadBeerByItsPlace() {
    JsonArray beers = new JsonArray();
    for (int i = 0; i < 3; i++) {
      beers.add(BeerMessages.add(i, 500));
    }
    assertNull(BeerChecks.batch(new JsonObject().put("beers", beers)));

    beers.set(1, BeerMessages.add(1, 5000)).set(2, new JsonObject().put("volume", 500));
    BeerChecks.Problem range = BeerChecks.batch(new JsonObject().put("beers", beers));
    assertEquals("beers[1].volume: 5000.0 ml is outside 100-1000 ml", range.message());
    assertEquals(true, range.outOfRange());
    beers.set(1, 7);
    assertEquals(
        "beers[1]: expected {\"tapId\", \"volume\"}",
        BeerChecks.batch(new JsonObject().put("beers", beers)).message());

    String shape = "beers: expected an array of 1 to 1000 beers";
    assertEquals(shape, BeerChecks.batch(new JsonObject()).message());
    assertEquals(shape, BeerChecks.batch(new JsonObject("{\"beers\":[]}")).message());
    assertEquals(shape, BeerChecks.batch(new JsonObject("{\"beers\":{}}")).message());
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= BeerMessages.MAX_BATCH; i++) {
      tooMany.add(BeerMessages.add(1, 500));
    }
    assertEquals(shape, BeerChecks.batch(new JsonObject().put("beers", tooMany)).message());
  }

  @Test
  void aTapIdInTextIsDigitsOnly() {
    assertEquals(3L, BeerChecks.tapIdOfText("3"));
    assertEquals(0L, BeerChecks.tapIdOfText("0"));
    assertNull(BeerChecks.tapIdOfText(null));
    assertNull(BeerChecks.tapIdOfText("-1"));
    assertNull(BeerChecks.tapIdOfText("03"));
    assertNull(BeerChecks.tapIdOfText("3a"));
    assertNull(BeerChecks.tapIdOfText("taps"));
    assertNull(BeerChecks.tapIdOfText("99999999999999999999"));
  }
}
