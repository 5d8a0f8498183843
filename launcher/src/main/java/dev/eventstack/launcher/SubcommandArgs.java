package dev.eventstack.launcher;

import dev.eventstack.contract.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code --name value} / {@code --name=value} arguments of the token and taps commands. */
final class SubcommandArgs {

  private SubcommandArgs() {}

  /** Returns the values by option name; {@code --help} or {@code -h} maps to "true". */
  static Map<String, String> parse(List<String> args, List<String> known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        values.put("--help", "true");
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals > 0 ? arg.substring(0, equals) : arg;
      if (!known.contains(name)) {
        throw new UsageException("unknown option " + name + " (see --help)");
      }
      if (equals > 0) {
        values.put(name, arg.substring(equals + 1));
      } else if (i + 1 < args.size()) {
        values.put(name, args.get(++i));
      } else {
        throw new UsageException(arg + " needs a value (see --help)");
      }
    }
    return values;
  }

  static Duration duration(String name, String value) {
    try {
      Duration duration = Durations.parse(value);
      if (duration.isZero()) {
        throw new UsageException("invalid value for " + name + ": it must be more than 0");
      }
      return duration;
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid value for " + name + ": " + e.getMessage());
    }
  }

  static int positiveInt(String name, String value) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageException(
        "invalid value for " + name + ": '" + value + "' (expected a whole number above 0)");
  }
}
