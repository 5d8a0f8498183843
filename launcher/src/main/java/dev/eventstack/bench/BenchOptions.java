package dev.eventstack.bench;

import dev.eventstack.contract.Durations;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The value checks of the load tools' options; a bad value is one line and exit code 2. */
final class BenchOptions {

  private BenchOptions() {}

  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed > 0) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new TypeConversionException("'" + value + "' (expected a whole number above 0)");
    }
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port = new Positive().convert(value);
      if (port > 65535) {
        throw new TypeConversionException("'" + value + "' (expected 1-65535)");
      }
      return port;
    }
  }

  static final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (value.trim().equals("0")) {
        return 0;
      }
      return new Positive().convert(value);
    }
  }

  static final class PositiveDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration duration = Durations.parse(value);
        if (!duration.isZero() && !duration.isNegative()) {
          return duration;
        }
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      throw new TypeConversionException("'" + value + "' (expected a duration above 0)");
    }
  }

  /** A {@code ws://} address with a host. */
  static final class WsUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      return uri(value, "ws");
    }
  }

  /** An {@code http://} address with a host. */
  static final class HttpUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      return uri(value, "http");
    }
  }

  private static URI uri(String value, String scheme) {
    try {
      URI uri = URI.create(value.trim());
      if (scheme.equals(uri.getScheme()) && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new TypeConversionException("'" + value + "' (expected " + scheme + "://host:port/path)");
  }
}
