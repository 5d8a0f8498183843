package dev.eventstack.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id and writes one canonical logfmt line when it ends, as seed 002 does:
 * {@code req_id method uri ip status time_ms}. The id comes from an incoming {@code X-Request-Id}
 * when it is sane, is returned in the response, and travels on in event-bus headers.
 */
final class RequestLog {

  static final String HEADER = "X-Request-Id";
  private static final String KEY = "req_id";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger ACCESS = LoggerFactory.getLogger("eventstack.access");

  private RequestLog() {}

  static void handle(RoutingContext ctx) {
    long startNanos = System.nanoTime();
    String incoming = ctx.request().getHeader(HEADER);
    String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newId();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.addEndHandler(ended -> log(ctx, id, startNanos));
    ctx.next();
  }

  static String requestId(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  private static void log(RoutingContext ctx, String id, long startNanos) {
    HttpServerRequest request = ctx.request();
    int status = ctx.response().getStatusCode();
    // Built by hand: String.format cost a tenth of a small request's CPU (docs/profiling.md).
    String line =
        new StringBuilder(160)
            .append("req_id=\"")
            .append(id)
            .append("\" method=\"")
            .append(request.method().name())
            .append("\" uri=\"")
            .append(escape(request.uri()))
            .append("\" ip=\"")
            .append(request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress())
            .append("\" status=")
            .append(status)
            .append(" time_ms=")
            .append(millis(System.nanoTime() - startNanos))
            .toString();
    if (status >= 500) {
      ACCESS.warn(line);
    } else {
      ACCESS.info(line);
    }
  }

  /** Keeps a logfmt value on one line and inside its quotes, whatever the client sent. */
  private static String escape(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 512));
    for (int i = 0; i < value.length() && i < 512; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Milliseconds with three decimals, as {@code %.3f} would print them. */
  static String millis(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    String fraction = Long.toString(1000 + micros % 1000).substring(1);
    return (micros / 1000) + "." + fraction;
  }

  /**
   * 32 hex digits, like a UUID without dashes. A request id needs to be unique, not secret, so it
   * comes from the thread's own generator rather than the shared, locking SecureRandom.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex16(random.nextLong()) + hex16(random.nextLong());
  }

  private static String hex16(long value) {
    String digits = Long.toHexString(value);
    return "0".repeat(16 - digits.length()) + digits;
  }
}
