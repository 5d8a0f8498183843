package dev.eventstack.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The rules a beer must follow, defined once: the http-verticle checks a request with them, and the
 * db-verticle checks what reaches it over the bus (the bridges let beers in from outside) with the
 * same ones, so both refuse with the same message. Each message names the field and the rule.
 *
 * <p>Each check returns null when the value is fine, else the {@link Problem}.
 */
public final class BeerChecks {

  private BeerChecks() {}

  /**
   * A broken rule.
   *
   * @param message names the field (with its place in a batch, {@code beers[3].volume}) and the
   *     rule
   * @param outOfRange the value has the right type but lies outside its range: HTTP answers 422 for
   *     it, 400 for the others
   */
  public record Problem(String message, boolean outOfRange) {

    static Problem invalid(String message) {
      return new Problem(message, false);
    }
  }

  /** The rule of {@code tapId}, for every way a tap id comes in (body, query, token subject). */
  public static final String TAP_ID_RULE = "expected an integer >= 0";

  private static final Pattern TAP_ID_TEXT = Pattern.compile("0|[1-9]\\d{0,17}");

  /** {@code tapId}: a JSON integer, 0 or more. */
  public static Problem tapId(Object value, String where) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return null;
    }
    return Problem.invalid(where + BeerMessages.TAP_ID + ": " + TAP_ID_RULE);
  }

  /**
   * A tap id written as text, as in {@code /sockets/beers?tapId=3} or a token's subject: the tap
   * id, or null when {@code text} is not one.
   */
  public static Long tapIdOfText(String text) {
    return text != null && TAP_ID_TEXT.matcher(text).matches() ? Long.valueOf(text) : null;
  }

  /** {@code volume}: a number of ml, from {@link BeerMessages#MIN_VOLUME} to the maximum. */
  public static Problem volume(Object value, String where) {
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      return Problem.invalid(where + BeerMessages.VOLUME + ": expected a number of ml");
    }
    if (BeerType.ofVolume(number.doubleValue()) == null) {
      return new Problem(
          where
              + BeerMessages.VOLUME
              + ": "
              + number.doubleValue()
              + " ml is outside "
              + (long) BeerMessages.MIN_VOLUME
              + "-"
              + (long) BeerMessages.MAX_VOLUME
              + " ml",
          true);
    }
    return null;
  }

  /** A beer as a tap reports it, {@code {"tapId", "volume"}}: the first problem, tap first. */
  public static Problem beer(Object value, String where) {
    if (!(value instanceof JsonObject beer)) {
      String field = where.isEmpty() ? "body" : where.substring(0, where.length() - 1);
      return Problem.invalid(field + ": expected {\"tapId\", \"volume\"}");
    }
    Problem tap = tapId(beer.getValue(BeerMessages.TAP_ID), where);
    return tap != null ? tap : volume(beer.getValue(BeerMessages.VOLUME), where);
  }

  /**
   * {@code {"beers": [beer, …]}} with 1 to {@link BeerMessages#MAX_BATCH} beers: the first problem,
   * the array's shape before any item, then the items in order.
   */
  public static Problem batch(JsonObject body) {
    if (!(body.getValue(BeerMessages.BEERS) instanceof JsonArray items)
        || items.isEmpty()
        || items.size() > BeerMessages.MAX_BATCH) {
      return Problem.invalid(
          BeerMessages.BEERS + ": expected an array of 1 to " + BeerMessages.MAX_BATCH + " beers");
    }
    for (int i = 0; i < items.size(); i++) {
      Problem problem = beer(items.getValue(i), BeerMessages.BEERS + "[" + i + "].");
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }
}
