package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The job types the workers run, and the check of each one's payload. The http-verticle refuses a
 * bad payload with 400 before it is queued; the worker trusts what it claims.
 *
 * <ul>
 *   <li>{@code export.books}: {@code {"format": "json"|"csv"}} (json by default); the result is a
 *       file in the data dir, downloadable from {@code /jobs/{id}/result}
 *   <li>{@code report.tasks}: {@code {}}; counts tasks by priority and by completion
 *   <li>{@code purge.beers}: {@code {"before": ISO-8601}} or {@code {"older_than": "7d"}}
 *   <li>{@code py.wordcount}: {@code {"text"}}: counts words, in a Python worker
 *   <li>{@code demo.sleep}: {@code {"ms": 0-600000, "fail": bool?, "fail_first": n?}}: sleeps, then
 *       fails if told to (every attempt, or the first n)
 * </ul>
 */
public final class JobTypes {

  private JobTypes() {}

  public static final String EXPORT_BOOKS = "export.books";
  public static final String REPORT_TASKS = "report.tasks";
  public static final String PURGE_BEERS = "purge.beers";
  public static final String DEMO_SLEEP = "demo.sleep";

  /** Run by Python workers over the TCP bridge (scripts/python/worker.py), not by the JVM. */
  public static final String PY_WORDCOUNT = "py.wordcount";

  public static final long MOST_SLEEP_MS = 600_000;

  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          EXPORT_BOOKS, Set.of("format"),
          REPORT_TASKS, Set.of(),
          PURGE_BEERS, Set.of("before", "older_than"),
          DEMO_SLEEP, Set.of("ms", "fail", "fail_first"),
          PY_WORDCOUNT, Set.of("text"));

  public static Set<String> names() {
    return FIELDS.keySet();
  }

  /** Returns why the payload is refused, or null when it is fine. */
  public static String problemWith(String type, JsonObject payload) {
    Set<String> fields = FIELDS.get(type);
    if (fields == null) {
      return "Unknown job type '"
          + type
          + "'; known: "
          + String.join(", ", names().stream().sorted().toList());
    }
    for (String field : payload.fieldNames()) {
      if (payload.getValue(field) == null) {
        return "payload." + field + " must not be null; leave it out for its default";
      }
      if (!fields.contains(field)) {
        return "Unknown payload field '"
            + field
            + "' for "
            + type
            + (fields.isEmpty() ? " (it takes none)" : "; it takes " + fields);
      }
    }
    return switch (type) {
      case EXPORT_BOOKS -> oneOf(payload, "format", Set.of("json", "csv"));
      case PURGE_BEERS -> purgeProblem(payload);
      case DEMO_SLEEP -> sleepProblem(payload);
      case PY_WORDCOUNT ->
          payload.getValue("text") instanceof String ? null : "payload.text must be a string";
      default -> null;
    };
  }

  private static String oneOf(JsonObject payload, String field, Set<String> allowed) {
    Object value = payload.getValue(field);
    if (value == null || allowed.contains(value)) {
      return null;
    }
    return "payload." + field + " must be one of " + allowed;
  }

  private static String purgeProblem(JsonObject payload) {
    Object before = payload.getValue("before");
    Object olderThan = payload.getValue("older_than");
    if ((before == null) == (olderThan == null)) {
      return "purge.beers takes exactly one of payload.before (ISO-8601) and payload.older_than"
          + " (e.g. \"7d\")";
    }
    try {
      if (before != null) {
        // toEpochMilli also throws past the range of a long.
        if (Instant.parse((String) before).toEpochMilli() < 0) {
          return "purge.beers payload.before must be after 1970-01-01T00:00:00Z";
        }
      } else {
        Durations.parse((String) olderThan);
      }
      return null;
    } catch (ClassCastException | DateTimeParseException | ArithmeticException e) {
      return "payload.before must be an ISO-8601 instant such as 2026-01-31T00:00:00Z";
    } catch (IllegalArgumentException e) {
      return "payload.older_than: " + e.getMessage();
    }
  }

  private static String sleepProblem(JsonObject payload) {
    if (!(payload.getValue("ms") instanceof Number ms)
        || ms.doubleValue() != ms.longValue()
        || ms.longValue() < 0
        || ms.longValue() > MOST_SLEEP_MS) {
      return "payload.ms must be a whole number from 0 to " + MOST_SLEEP_MS;
    }
    Object fail = payload.getValue("fail");
    if (fail != null && !(fail instanceof Boolean)) {
      return "payload.fail must be true or false";
    }
    Object failFirst = payload.getValue("fail_first");
    if (failFirst != null && !(failFirst instanceof Integer n && n >= 0)) {
      return "payload.fail_first must be a whole number from 0";
    }
    return null;
  }

  /** When a purge.beers payload's cut-off is, in epoch milliseconds. */
  public static long purgeBefore(JsonObject payload, Instant now) {
    String before = payload.getString("before");
    return before != null
        ? Instant.parse(before).toEpochMilli()
        : now.minus(Durations.parse(payload.getString("older_than"))).toEpochMilli();
  }
}
