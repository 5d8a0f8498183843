package dev.eventstack.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frames of the beers channel, whole: seed 003's texts byte for byte, and our JSON events. */
class SocketEventsTest {

  private static JsonObject beer(long id, long tapId) {
    return new JsonObject()
        .put(BeerMessages.ID, id)
        .put(BeerMessages.TAP_ID, tapId)
        .put(BeerMessages.VOLUME, 500.0)
        .put(BeerMessages.TYPE, "pint")
        .put(BeerMessages.TIMESTAMP, "2026-01-01T00:00:00Z");
  }

  @Test
  void aBeerIsSeed003sTwoMessagesInTextAndOneEventInJsonAndCarriesItsTap() {
    SocketEvents.Frames frames =
        SocketEvents.beerAdded(new JsonObject().put(BeerMessages.BEER, beer(4, 2)));

    assertEquals(
        List.of("Beer 4 added to the collection", "Tap with id 2 posted a new beer!"),
        frames.in(SocketMessages.FORMAT_TEXT));
    assertEquals(
        List.of(
            "{\"event\":\"beer.added\",\"beer\":{\"id\":4,\"tapId\":2,\"volume\":500.0,"
                + "\"type\":\"pint\",\"timestamp\":\"2026-01-01T00:00:00Z\"}}"),
        frames.in(SocketMessages.FORMAT_JSON));
    assertEquals("2", frames.tapId());
    assertEquals(SocketMessages.CHANNEL_BEERS, frames.channel());
  }

  @Test
  void aDeletionIsSeed003sMessageAndComesFromNoTap() {
    SocketEvents.Frames frames = SocketEvents.beerDeleted(BeerMessages.byId(7));

    assertEquals(
        List.of("Beer 7 deleted from the collection"), frames.in(SocketMessages.FORMAT_TEXT));
    assertEquals(
        List.of("{\"event\":\"beer.deleted\",\"id\":7}"), frames.in(SocketMessages.FORMAT_JSON));
    assertNull(frames.tapId());
  }

  /** Issue 21: after taps 2, 1, 2, 2, 1, 3, 2, 2, 1, 2, seed 003 sent exactly this. */
  @Test
  void theStatisticsAreSeed003sObjectInTextAndOurEventInJson() {
    JsonObject stats =
        new JsonObject()
            .put(BeerMessages.TOTAL, 10)
            .put(
                BeerMessages.TAPS,
                new JsonObject()
                    .put("2", BeerMessages.share(6, 10))
                    .put("1", BeerMessages.share(3, 10))
                    .put("3", BeerMessages.share(1, 10)))
            .put(
                BeerMessages.TYPES, new JsonObject().put("half", 2).put("pint", 8).put("stein", 0));

    SocketEvents.Frames frames = SocketEvents.beerStats(stats);

    assertEquals(
        List.of(
            "{\"tap 2\": \"60.0%\", \"tap 1\": \"30.0%\", \"tap 3\": \"10.0%\", \"total beers\": 10}"),
        frames.in(SocketMessages.FORMAT_TEXT));
    assertEquals(
        List.of(
            "{\"event\":\"stats\",\"total\":10,\"taps\":{\"2\":60.0,\"1\":30.0,\"3\":10.0},"
                + "\"types\":{\"half\":2,\"pint\":8,\"stein\":0}}"),
        frames.in(SocketMessages.FORMAT_JSON));
    assertNull(frames.tapId());
  }

  @Test
  void statisticsOfNoBeerAreTheTotalAlone() {
    JsonObject none =
        new JsonObject()
            .put(BeerMessages.TOTAL, 0)
            .put(BeerMessages.TAPS, new JsonObject())
            .put(BeerMessages.TYPES, new JsonObject());
    assertEquals(
        List.of("{\"total beers\": 0}"),
        SocketEvents.beerStats(none).in(SocketMessages.FORMAT_TEXT));
  }

  /**
   * Python's {@code str(round(count / total * 100, 2))}, each expected value printed by CPython 3:
   * the rounding is half to even on the double's exact value (97/800 is exactly 12.125, so 12.12;
   * 2.675 is a little under, so 2.67), and str writes the shortest decimal, with a ".0" at least.
   */
  @Test
  void sharesAreRoundedAndWrittenAsPythonDoes() {
    long[][] cases = {
      {6, 10},
      {1, 3},
      {2, 3},
      {1, 8},
      {97, 800},
      {1, 6},
      {5, 6},
      {1, 7},
      {10, 10},
      {1, 30000},
      {2675, 100000},
      {1, 200},
      {7, 9},
      {1, 32},
      {1, 64}
    };
    String[] python = {
      "60.0", "33.33", "66.67", "12.5", "12.12", "16.67", "83.33", "14.29", "100.0", "0.0", "2.67",
      "0.5", "77.78", "3.12", "1.56"
    };
    for (int i = 0; i < cases.length; i++) {
      double share = BeerMessages.share(cases[i][0], cases[i][1]);
      assertEquals(
          python[i],
          SocketEvents.pythonShare(share),
          cases[i][0] + "/" + cases[i][1] + " gave " + share);
      assertEquals(Double.parseDouble(python[i]), share, 0.0);
    }
  }
}
