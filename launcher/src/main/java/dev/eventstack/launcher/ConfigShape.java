package dev.eventstack.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks a {@code --config} file against the shape of the defaults ({@code application.json}):
 * every setting the defaults have must keep its JSON type (object, array, string, whole number,
 * number, boolean). A file that gets this wrong would otherwise fail deep inside a verticle's
 * start, with a stack trace, or silently replace a whole section.
 */
final class ConfigShape {

  private ConfigShape() {}

  /** The defaults shipped in the jar. */
  static JsonObject defaults() {
    try (InputStream in = ConfigShape.class.getResourceAsStream("/application.json")) {
      if (in == null) {
        return new JsonObject();
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first setting of {@code given} whose type differs from the defaults', or null. */
  static String problem(JsonObject defaults, JsonObject given) {
    return problem(defaults, given, "");
  }

  private static String problem(JsonObject defaults, JsonObject given, String path) {
    for (String key : given.fieldNames()) {
      Object expected = defaults.getValue(key);
      Object value = given.getValue(key);
      String name = path.isEmpty() ? key : path + "." + key;
      if (expected == null || value == null) {
        continue;
      }
      String wanted = typeOf(expected);
      if (!wanted.equals(typeOf(value))
          && !(wanted.equals("a number") && typeOf(value).equals("a whole number"))) {
        return name + " must be " + wanted + ", not " + value;
      }
      if (expected instanceof JsonObject nestedDefaults) {
        String nested = problem(nestedDefaults, (JsonObject) value, name);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  private static String typeOf(Object value) {
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof Integer || value instanceof Long) {
      return "a whole number";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "true or false";
    }
    return "a string";
  }
}
