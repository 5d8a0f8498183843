package dev.eventstack.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Masks secrets in the configuration before it is logged. */
final class Secrets {

  static final String MASK = "***";
  private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token|key).*");

  /** The password of a {@code scheme://user:password@host} address. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@]+:)[^@/]*@");

  private Secrets() {}

  static JsonObject masked(JsonObject config) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> entry : config) {
      copy.put(entry.getKey(), maskedValue(entry.getKey(), entry.getValue()));
    }
    return copy;
  }

  private static Object maskedValue(String key, Object value) {
    if (value instanceof JsonObject object) {
      return masked(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(maskedValue(key, item)));
      return copy;
    }
    if (value instanceof String text) {
      if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
        return MASK;
      }
      return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    }
    return value;
  }
}
