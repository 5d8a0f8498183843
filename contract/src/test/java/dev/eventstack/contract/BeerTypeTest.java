package dev.eventstack.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BeerTypeTest {

  @Test
  void theTypeFollowsTheVolumeAtEveryBoundary() {
    assertNull(BeerType.ofVolume(99));
    assertEquals(BeerType.HALF, BeerType.ofVolume(100));
    assertEquals(BeerType.HALF, BeerType.ofVolume(300));
    assertEquals(BeerType.PINT, BeerType.ofVolume(300.5));
    assertEquals(BeerType.PINT, BeerType.ofVolume(800));
    assertEquals(BeerType.STEIN, BeerType.ofVolume(800.01));
    assertEquals(BeerType.STEIN, BeerType.ofVolume(1000));
    assertNull(BeerType.ofVolume(1000.1));
    assertNull(BeerType.ofVolume(Double.NaN));
  }

  @Test
  void labelsRoundTrip() {
    for (BeerType type : BeerType.values()) {
      assertEquals(type, BeerType.ofLabel(type.label()));
    }
    assertNull(BeerType.ofLabel("pitcher"));
  }
}
