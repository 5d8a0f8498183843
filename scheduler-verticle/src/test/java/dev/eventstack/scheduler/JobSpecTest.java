package dev.eventstack.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobSpecTest {

  private static JobSpec spec(String json) {
    return JobSpec.from("job", new JsonObject(json), ZoneOffset.UTC);
  }

  @Test
  void everyTicksAreNumberedFromTheEpochSoThatNodesAgree() {
    JobSpec every30s = spec("{\"every\":\"30s\"}");
    Instant now = Instant.parse("2026-11-23T10:00:10Z");

    long tick = every30s.nextTick(now);

    assertEquals(Instant.parse("2026-11-23T10:00:30Z"), every30s.startOf(tick));
    assertEquals(tick + 1, every30s.nextTick(every30s.startOf(tick)));
    assertTrue(every30s.exclusive(), "exclusive is the default");
  }

  @Test
  void dailyTicksAreDaysAndTheNextOneIsTodayUntilItsTimeHasPassed() {
    JobSpec daily = spec("{\"daily\":\"03:30\",\"exclusive\":false}");

    long beforeTime = daily.nextTick(Instant.parse("2026-11-23T01:00:00Z"));
    long afterTime = daily.nextTick(Instant.parse("2026-11-23T04:00:00Z"));

    assertEquals(Instant.parse("2026-11-23T03:30:00Z"), daily.startOf(beforeTime));
    assertEquals(Instant.parse("2026-11-24T03:30:00Z"), daily.startOf(afterTime));
    assertFalse(daily.exclusive());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}", "{\"every\":\"30s\",\"daily\":\"03:30\"}", "{\"every\":\"soon\"}",
        "{\"every\":\"10ms\"}", "{\"daily\":\"25:00\"}", "{\"daily\":\"3pm\"}"
      })
  void aBadDeclarationIsRefusedWithTheJobName(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(json));
    assertTrue(e.getMessage().startsWith("job 'job': "), e.getMessage());
  }

  @Test
  void disabledJobsAreLeftOut() {
    JsonObject jobs =
        new JsonObject()
            .put("a", new JsonObject().put("every", "1s"))
            .put("b", new JsonObject().put("every", "1s").put("enabled", false));

    List<JobSpec> specs = JobSpec.allFrom(jobs, ZoneOffset.UTC);

    assertEquals(List.of("a"), specs.stream().map(JobSpec::name).toList());
  }
}
