package dev.eventstack.scheduler;

import dev.eventstack.contract.Durations;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scheduled job as declared in {@code scheduler.jobs}: {@code "name": {"every": "30s"}} or
 * {@code {"daily": "03:30"}}, with {@code "exclusive"} (once per tick across the cluster) and the
 * job's own settings. Ticks are numbered, so that every node agrees on which tick is due: tick
 * {@code n} of an {@code every} job starts at {@code n × period} since the epoch; tick {@code n} of
 * a daily job is the day {@code n} since the epoch.
 */
record JobSpec(
    String name,
    Duration every,
    LocalTime daily,
    boolean exclusive,
    JsonObject settings,
    ZoneId zone) {

  static final Duration SHORTEST_PERIOD = Duration.ofMillis(100);

  /** Reads every enabled job of the {@code jobs} object; a bad declaration stops the start. */
  static List<JobSpec> allFrom(JsonObject jobs, ZoneId zone) {
    List<JobSpec> specs = new ArrayList<>();
    for (Map.Entry<String, Object> entry : jobs) {
      if (!(entry.getValue() instanceof JsonObject declaration)) {
        throw invalid(entry.getKey(), "its declaration must be a JSON object");
      }
      if (declaration.getBoolean("enabled", true)) {
        specs.add(from(entry.getKey(), declaration, zone));
      }
    }
    return specs;
  }

  static JobSpec from(String name, JsonObject declaration, ZoneId zone) {
    String every = declaration.getString("every");
    String daily = declaration.getString("daily");
    if ((every == null) == (daily == null)) {
      throw invalid(name, "give exactly one of \"every\" (e.g. \"30s\") and \"daily\" (\"HH:mm\")");
    }
    Duration period = null;
    LocalTime time = null;
    try {
      if (every != null) {
        period = Durations.parse(every);
        if (period.compareTo(SHORTEST_PERIOD) < 0) {
          throw invalid(name, "\"every\" must be at least " + SHORTEST_PERIOD.toMillis() + "ms");
        }
      } else {
        time = LocalTime.parse(daily);
      }
    } catch (DateTimeParseException e) {
      throw invalid(name, "\"daily\" must be HH:mm, not '" + daily + "'");
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("job ") ? e : invalid(name, e.getMessage());
    }
    return new JobSpec(
        name, period, time, declaration.getBoolean("exclusive", true), declaration.copy(), zone);
  }

  private static IllegalArgumentException invalid(String name, String why) {
    return new IllegalArgumentException("job '" + name + "': " + why);
  }

  /** The first tick that starts strictly after {@code now}. */
  long nextTick(Instant now) {
    if (every != null) {
      return Math.floorDiv(now.toEpochMilli(), every.toMillis()) + 1;
    }
    LocalDate today = LocalDate.ofInstant(now, zone);
    return startOf(today.toEpochDay()).isAfter(now) ? today.toEpochDay() : today.toEpochDay() + 1;
  }

  Instant startOf(long tick) {
    if (every != null) {
      return Instant.ofEpochMilli(tick * every.toMillis());
    }
    return LocalDate.ofEpochDay(tick).atTime(daily).atZone(zone).toInstant();
  }

  /** As listed by {@code GET /jobs/scheduled}. */
  JsonObject describe() {
    JsonObject json = new JsonObject().put("name", name).put("exclusive", exclusive);
    return every != null
        ? json.put("every", settings.getString("every"))
        : json.put("daily", daily.toString());
  }
}
