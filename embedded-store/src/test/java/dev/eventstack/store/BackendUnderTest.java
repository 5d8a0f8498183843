package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Path;

/**
 * The one seam of {@link DifferentialTest}: the storage engine it compares with mongo-java-server's
 * {@link MemoryBackend}.
 *
 * <p>It is eventstack's engine, {@link MvBackend}, on a file. To prove the test itself, point
 * {@link #open} at a {@code new MemoryBackend()} and make {@link #persistent} false: it must pass.
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
    return MvBackend.open(dataDir.resolve("test.mv.db"));
  }

  /**
   * Whether the engine keeps its data across a close and an {@link #open} on the same directory. If
   * so, the test closes and reopens it at random points and checks that every document and index
   * survived.
   */
  static boolean persistent() {
    return true;
  }
}
