package dev.eventstack.store;

import org.h2.mvstore.MVStore;

/**
 * The format of data dirs written by releases before this engine: mongo-java-server's H2Backend.
 */
final class LegacyH2Format {

  /** H2Backend keeps each collection's documents in a map named {@code databases.<db>.<coll>}. */
  static final String DATA_PREFIX = "databases.";

  private LegacyH2Format() {}

  static boolean isLegacy(MVStore store) {
    return store.getMapNames().stream().anyMatch(name -> name.startsWith(DATA_PREFIX));
  }
}
