package dev.eventstack.contract;

import java.util.Locale;

/** The glass a pour fills, which follows from its volume. */
public enum BeerType {
  /** From 100 ml up to and including 300 ml. */
  HALF(300),
  /** Above 300 ml, up to and including 800 ml. */
  PINT(800),
  /** Above 800 ml, up to and including 1000 ml. */
  STEIN(1000);

  private final double upToMl;

  BeerType(double upToMl) {
    this.upToMl = upToMl;
  }

  /** The name used in JSON and in {@code ?type=}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type of a volume, or null when it is outside 100–1000 ml. */
  public static BeerType ofVolume(double volumeMl) {
    if (!(volumeMl >= BeerMessages.MIN_VOLUME && volumeMl <= BeerMessages.MAX_VOLUME)) {
      return null;
    }
    for (BeerType type : values()) {
      if (volumeMl <= type.upToMl) {
        return type;
      }
    }
    return null;
  }

  /** The type with this label, or null. */
  public static BeerType ofLabel(String label) {
    for (BeerType type : values()) {
      if (type.label().equals(label)) {
        return type;
      }
    }
    return null;
  }
}
