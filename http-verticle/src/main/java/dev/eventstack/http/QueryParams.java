package dev.eventstack.http;

import io.vertx.core.MultiMap;
import java.util.List;

/** Query parameters read strictly: a repeated or malformed one is a 400 that names it. */
final class QueryParams {

  private QueryParams() {}

  /** The parameter's one value, or null when absent. */
  static String single(MultiMap params, String name) {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      throw new ApiException(400, "Query parameter '" + name + "' is given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** An integer within [min, max], or {@code fallback} when absent. */
  static int integer(MultiMap params, String name, int fallback, int min, int max) {
    String value = single(params, name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // refused below, with the accepted range
    }
    throw new ApiException(
        400, name + ": expected an integer from " + min + " to " + max + ", got '" + value + "'");
  }
}
