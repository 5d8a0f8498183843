package dev.eventstack.launcher;

import dev.eventstack.contract.Durations;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The checks of the command line's values. Each refuses a bad value with one line that says what
 * was expected; picocli prefixes it with the option's name, and the launcher exits with 2.
 */
final class Converters {

  static final Set<String> ALL_VERTICLES = Set.of("http", "ws", "db", "scheduler");
  static final String OFF = "off";
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final Pattern DOTTED_NUMBERS = Pattern.compile("\\d+(\\.\\d+){3}");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");

  private Converters() {}

  private static TypeConversionException refused(String value, String expected) {
    return new TypeConversionException("'" + value + "' (expected " + expected + ")");
  }

  static int intIn(String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw refused(value, "an integer from " + min + " to " + max);
  }

  static String nonBlank(String value) {
    if (value.isBlank()) {
      throw new TypeConversionException("it must not be empty");
    }
    return value.trim();
  }

  static final class NonBlank implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return nonBlank(value);
    }
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return intIn(value, 1, 65535);
    }
  }

  static final class PortOrZero implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return intIn(value, 0, 65535);
    }
  }

  static final class Instances implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return intIn(value, 0, 256);
    }
  }

  static final class Workers implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return intIn(value, 0, 256);
    }
  }

  /** A positive count, for the tools' options. */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return intIn(value, 1, Integer.MAX_VALUE);
    }
  }

  /** A duration above zero, such as {@code 500ms}, {@code 30s}, {@code 24h}, {@code 30d}. */
  static final class PositiveDuration implements ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      java.time.Duration duration;
      try {
        duration = Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      if (duration.isZero() || duration.isNegative()) {
        throw refused(value, "a duration above 0");
      }
      return duration;
    }
  }

  /**
   * An address to bind: an IPv4 address, an IPv6 literal or a host name, checked for its form only
   * (a name is resolved when the server binds).
   */
  static final class Host implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String host = nonBlank(value);
      boolean valid;
      if (DOTTED_NUMBERS.matcher(host).matches()) {
        valid =
            Arrays.stream(host.split("\\."))
                .allMatch(octet -> octet.length() <= 3 && Integer.parseInt(octet) <= 255);
      } else if (host.contains(":")) {
        valid = host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");
      } else {
        valid = host.length() <= 253 && HOST_NAME.matcher(host).matches();
      }
      if (!valid) {
        throw refused(value, "an IP address or a host name");
      }
      return host;
    }
  }

  static final class MongoUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String url = value.trim();
      if (!url.startsWith("mongodb://") && !url.startsWith("mongodb+srv://")) {
        throw refused(value, "mongodb://host[:port]/...");
      }
      try {
        // The driver's own parser: what it refuses here, it would refuse at start, less clearly.
        new com.mongodb.ConnectionString(url);
        return url;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' (" + e.getMessage().strip().replaceAll("\\.$", "") + ")");
      }
    }
  }

  static final class DatabaseName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.matches("[A-Za-z0-9_-]{1,63}")) {
        throw refused(value, "letters, digits, '_' and '-'");
      }
      return value;
    }
  }

  static final class ClusterName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
        throw refused(value, "letters, digits, '.', '_', '-'");
      }
      return value;
    }
  }

  static final class LogLevel implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String level = value.trim().toUpperCase(Locale.ROOT);
      if (!LEVELS.contains(level)) {
        throw refused(value, "TRACE, DEBUG, INFO, WARN or ERROR");
      }
      return level;
    }
  }

  /** A period of at least 100 ms, or {@code off}. */
  static final class StatsInterval implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String period = value.trim();
      if (period.equals(OFF)) {
        return OFF;
      }
      try {
        if (Durations.parse(period).toMillis() >= 100) {
          return period;
        }
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      throw refused(value, "at least 100ms, or off");
    }
  }

  static final class Verticles implements ITypeConverter<List<String>> {
    @Override
    public List<String> convert(String value) {
      Set<String> chosen = new LinkedHashSet<>();
      for (String part : value.split(",")) {
        String verticle = part.trim().toLowerCase(Locale.ROOT);
        if (!ALL_VERTICLES.contains(verticle)) {
          throw refused(part, "some of http,ws,db,scheduler");
        }
        chosen.add(verticle);
      }
      return List.copyOf(chosen);
    }
  }

  /** {@code host[:port],...}; a bare host means Hazelcast's port 5701. */
  static final class Members implements ITypeConverter<List<String>> {
    @Override
    public List<String> convert(String value) {
      List<String> members = new ArrayList<>();
      for (String part : value.split(",")) {
        String member = part.trim();
        if (member.isEmpty()) {
          continue;
        }
        int colon = member.lastIndexOf(':');
        if (colon > 0) {
          intIn(member.substring(colon + 1), 1, 65535);
        }
        members.add(member);
      }
      if (members.isEmpty()) {
        throw new TypeConversionException("no member given");
      }
      return List.copyOf(members);
    }
  }

  /** A profile needs its file: {@code conf/NAME.json} on disk, or shipped in the jar. */
  static final class Profile implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String profile = value.trim();
      if (!profile.matches("[a-z0-9-]{1,32}")) {
        throw refused(value, "lowercase letters, digits and '-'");
      }
      if (!ConfigLayers.profileExists(profile)) {
        throw new TypeConversionException(
            "no profile '" + profile + "' (expected conf/" + profile + ".json)");
      }
      return profile;
    }
  }

  /**
   * A readable file that holds one JSON object whose settings keep the types of the defaults' (see
   * {@link ConfigShape}), such as {@code --config} takes.
   */
  static final class ConfigFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path file = Path.of(nonBlank(value));
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        throw new TypeConversionException("cannot read file '" + value + "'");
      }
      JsonObject given;
      try {
        given = new JsonObject(Files.readString(file));
      } catch (IOException | DecodeException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a JSON object ("
                + e.getMessage().lines().findFirst().orElse("")
                + ")");
      }
      String problem = ConfigShape.problem(ConfigLayers.defaults(), given);
      if (problem != null) {
        throw new TypeConversionException("in '" + value + "', " + problem);
      }
      return file;
    }
  }
}
