package dev.eventstack.ws;

import dev.eventstack.contract.BeerMessages;
import io.vertx.core.json.JsonObject;
import java.util.StringJoiner;

/**
 * What {@code /sockets/beers} sends for each beer event: the seed 003 texts that existing tap
 * clients read, or one JSON event per frame with {@code ?format=json}.
 */
final class BeerNotices {

  private BeerNotices() {}

  static String addedText(JsonObject beer) {
    return "Tap with id "
        + beer.getLong(BeerMessages.TAP_ID)
        + " posted a new beer (id: "
        + beer.getLong(BeerMessages.ID)
        + ")!";
  }

  static String addedJson(JsonObject beer) {
    return new JsonObject().put("event", "beer.added").put("beer", beer).encode();
  }

  static String deletedText(long id) {
    return "Beer " + id + " deleted from the collection";
  }

  static String deletedJson(long id) {
    return new JsonObject().put("event", "beer.deleted").put("id", id).encode();
  }

  static String statsText(JsonObject stats) {
    StringJoiner taps = new StringJoiner(", ");
    stats
        .getJsonObject(BeerMessages.TAPS)
        .forEach(e -> taps.add("tap " + e.getKey() + " " + e.getValue() + "%"));
    StringJoiner types = new StringJoiner(", ");
    stats
        .getJsonObject(BeerMessages.TYPES)
        .forEach(e -> types.add(e.getKey() + " " + e.getValue()));
    return "Statistics: " + stats.getLong(BeerMessages.TOTAL) + " beers; " + taps + "; " + types;
  }

  static String statsJson(JsonObject stats) {
    return new JsonObject().put("event", "stats").mergeIn(stats).encode();
  }
}
