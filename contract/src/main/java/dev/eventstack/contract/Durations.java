package dev.eventstack.contract;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration format of the configuration and the command line: a whole number and a unit,
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h} or {@code 7d}.
 */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** Parses a duration; throws IllegalArgumentException with a readable message otherwise. */
  public static Duration parse(String text) {
    Matcher match = FORMAT.matcher(text == null ? "" : text.trim());
    if (!match.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected e.g. 500ms, 30s, 5m, 24h, 7d)");
    }
    long amount = Long.parseLong(match.group(1));
    return switch (match.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
