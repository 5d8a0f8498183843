package dev.eventstack.db;

import de.bwaldvogel.mongo.MongoServer;
import dev.eventstack.store.LegacyH2Migration;
import dev.eventstack.store.MvBackend;
import dev.eventstack.store.StoreStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Supplier;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: mongo-java-server's wire protocol and query language on our own
 * engine ({@link MvBackend}: BSON documents and real indexes in an H2 MVStore file), listening on a
 * loopback port so that the db-verticle talks to it over the MongoDB wire protocol, exactly as it
 * talks to a real MongoDB. A data file of an earlier release is migrated on first start.
 *
 * <p>Durability is MongoDB's journaled write: {@link #commit()} commits and then fsyncs, and only
 * then may a write be acknowledged. After each such commit the store's version goes to a small side
 * file, {@value #VERSION_FILE_SUFFIX} next to the data file. H2 opens a damaged or truncated file
 * silently at an older version (or empty), so at start a data file older than its side file is
 * refused: it would serve less than was acknowledged.
 *
 * <p>Every method here blocks; callers run them on a worker thread.
 */
final class EmbeddedMongo {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
  static final String FILE_NAME = "eventstack.mv.db";
  static final String VERSION_FILE_SUFFIX = ".committed";

  private final MvBackend backend;
  private final MongoServer server;
  private final InetSocketAddress address;
  private final Path versionFile;

  private EmbeddedMongo(
      MvBackend backend, MongoServer server, InetSocketAddress address, Path versionFile) {
    this.backend = backend;
    this.server = server;
    this.address = address;
    this.versionFile = versionFile;
  }

  /** Opens (or creates) the database file in {@code dataDir} and starts listening on loopback. */
  static EmbeddedMongo start(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
    Path versionFile = file.resolveSibling(FILE_NAME + VERSION_FILE_SUFFIX);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create data dir " + dataDir + ": " + e.getMessage(), e);
    }
    long acknowledged = readCommittedVersion(file, versionFile);
    Optional<LegacyH2Migration.Result> migrated =
        withFileErrors(
            file,
            () ->
                LegacyH2Migration.migrateIfNeeded(
                    file, version -> refuseIfOlder(file, versionFile, version, acknowledged)));
    MvBackend backend = withFileErrors(file, () -> MvBackend.open(file));
    if (migrated.isEmpty()) {
      try {
        refuseIfOlder(file, versionFile, backend.version(), acknowledged);
      } catch (IllegalStateException e) {
        backend.abandon(); // no commit: leave the damaged file as it was found
        throw e;
      }
    }
    long version = backend.version();
    // From here on, this file's versions are the ones that count (a migration starts anew).
    recordCommittedVersion(versionFile, version);
    MongoServer server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    LOG.info("embedded MongoDB started file={} version={} address={}", file, version, address);
    return new EmbeddedMongo(backend, server, address, versionFile);
  }

  private static <T> T withFileErrors(Path file, Supplier<T> opening) {
    try {
      return opening.get();
    } catch (MVStoreException e) {
      // Only a held file lock means another process; any other failure is the file itself.
      String reason =
          e.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED
              ? " is locked (is another eventstack using this data dir?)"
              : " cannot be opened, it is damaged: " + e.getMessage();
      throw new IllegalStateException(file + reason, e);
    }
  }

  /** H2 opens a truncated or damaged file at an older version, silently; refuse that. */
  private static void refuseIfOlder(Path file, Path versionFile, long version, long acknowledged) {
    if (version < acknowledged) {
      throw new IllegalStateException(
          file
              + " is damaged: it opens at version "
              + version
              + " but version "
              + acknowledged
              + " was committed and acknowledged; restore the data dir from a backup"
              + " (or move the file and "
              + versionFile.getFileName()
              + " away to start empty)");
    }
  }

  /**
   * The version the last run committed and acknowledged, or 0 for a new data dir. A side file
   * without its data file means the data file was lost.
   */
  private static long readCommittedVersion(Path file, Path versionFile) {
    if (!Files.exists(versionFile)) {
      return 0;
    }
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          file + " is missing, but " + versionFile.getFileName() + " says it held committed data");
    }
    try {
      return Long.parseLong(Files.readString(versionFile, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          versionFile
              + " is unreadable ("
              + e.getMessage()
              + "); cannot tell if "
              + file
              + " is whole",
          e);
    }
  }

  String connectionString(String dbName) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + dbName;
  }

  /**
   * Makes every write applied so far durable: commits (H2 otherwise commits only on a timer), then
   * fsyncs ({@code commit()} alone leaves the data in the OS cache, lost at a power cut), then
   * records the version it reached.
   */
  void commit() {
    long version = backend.commit();
    backend.sync();
    recordCommittedVersion(versionFile, version);
  }

  /** What the engine's query path did: queries, documents read, collection scans. */
  StoreStats stats() {
    return backend.stats();
  }

  private static void recordCommittedVersion(Path versionFile, long version) {
    // Written whole or not at all: a crash mid-write must not leave a torn number.
    Path temporary = versionFile.resolveSibling(versionFile.getFileName() + ".tmp");
    try {
      Files.writeString(temporary, Long.toString(version), StandardCharsets.US_ASCII);
      Files.move(temporary, versionFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot record the committed version: " + e, e);
    }
  }

  void stop() {
    // The server closes the backend as it shuts down, so commit before.
    commit();
    server.shutdownNow();
    backend.close();
    LOG.info("embedded MongoDB stopped");
  }
}
