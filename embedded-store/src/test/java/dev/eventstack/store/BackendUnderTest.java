package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;

/**
 * The one seam of {@link DifferentialTest}: the storage engine it compares with mongo-java-server's
 * {@link MemoryBackend}.
 *
 * <p>To test the MVStore engine, change the body of {@link #open} to {@code return
 * MvBackend.open(dataDir.resolve("test.mv.db"));} and make {@link #persistent} return {@code true}.
 * Until then the test compares the MemoryBackend with itself, which proves the test.
 */
final class BackendUnderTest {

  private BackendUnderTest() {}

  /**
   * Opens the engine under test on {@code dataDir}, an empty temporary directory that stays the
   * same for the whole run: a persistent engine opened again on it must find its data there. The
   * test closes each engine it opened (through {@code MongoServer.shutdown()}) before opening the
   * next.
   */
  static MongoBackend open(Path dataDir) {
    return new MemoryBackend();
  }

  /**
   * Whether the engine keeps its data across a close and an {@link #open} on the same directory. If
   * so, the test closes and reopens it at random points and checks that every document and index
   * survived.
   */
  static boolean persistent() {
    return false;
  }
}
