package dev.eventstack.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestLogTest {

  @Test
  void millisPrintsThreeDecimalsLikePercentPointThreeF() {
    assertEquals("0.000", RequestLog.millis(0));
    assertEquals("0.001", RequestLog.millis(1_000));
    assertEquals("1.234", RequestLog.millis(1_234_567));
    assertEquals("12.050", RequestLog.millis(12_050_000));
    assertEquals("3000.000", RequestLog.millis(3_000_000_000L));
    assertEquals("0.000", RequestLog.millis(-5), "a clock step back is not a negative time");
  }

  @Test
  void newIdsAreThirtyTwoHexDigitsAndDiffer() {
    String first = RequestLog.newId();
    String second = RequestLog.newId();
    assertTrue(first.matches("[0-9a-f]{32}"), first);
    assertTrue(second.matches("[0-9a-f]{32}"), second);
    assertNotEquals(first, second);
  }
}
