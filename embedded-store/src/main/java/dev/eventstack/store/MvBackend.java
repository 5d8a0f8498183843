package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * eventstack's storage engine for mongo-java-server: documents as BSON in H2 MVStore maps, real
 * ordered indexes, an index-driven query path ({@link QueryPlanner}), and commits under the
 * caller's control.
 *
 * <p>H2 never commits by itself here (no background commit, no commit at a buffer size): only
 * {@link #commit()} does, and it waits for the commands in flight, so each version on disk holds
 * whole commands: a document, its index entries and the counters a command changed, together. The
 * caller makes a commit durable with {@link #sync()} before acknowledging the writes it covers.
 */
public final class MvBackend extends AbstractMongoBackend {

  private static final Logger LOG = LoggerFactory.getLogger(MvBackend.class);

  /** This engine's on-disk format, kept in the store so that a later format can tell. */
  static final int FORMAT = 1;

  private static final String ENGINE_MAP = "eventstack";
  private static final int CACHE_MIB = 64;

  private final MVStore store;
  private final StoreStats stats = new StoreStats();
  private final ReadWriteLock commandsThenCommit = new ReentrantReadWriteLock();

  private MvBackend(MVStore store) {
    this.store = store;
    MVMap<String, Object> engine = store.openMap(ENGINE_MAP);
    Object format = engine.putIfAbsent("format", FORMAT);
    if (format != null && ((Number) format).intValue() != FORMAT) {
      store.closeImmediately();
      throw new IllegalStateException(
          "the data file has format " + format + "; this version reads format " + FORMAT);
    }
    store.getMapNames().stream()
        .filter(name -> name.startsWith(MvDatabase.DATA_PREFIX))
        .map(name -> name.substring(MvDatabase.DATA_PREFIX.length()).split("\\.", 2)[0])
        .distinct()
        .forEach(this::resolveDatabase);
  }

  /** Opens (or creates) the store file. Throws if it is in use or not of this engine's format. */
  public static MvBackend open(Path file) {
    MVStore store =
        new MVStore.Builder()
            .fileName(file.toString())
            .autoCommitDisabled()
            .autoCommitBufferSize(0)
            .cacheSize(CACHE_MIB)
            .open();
    if (LegacyH2Format.isLegacy(store)) {
      store.closeImmediately();
      throw new IllegalStateException(
          file + " is in the previous release's format; migrate it first");
    }
    return new MvBackend(store);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new MvDatabase(databaseName, store, stats, getCursorRegistry());
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    return underCommandLock(() -> super.handleCommand(channel, database, command, query));
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return underCommandLock(() -> super.handleQuery(query));
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    return underCommandLock(() -> super.handleMessage(message));
  }

  private <T> T underCommandLock(Supplier<T> command) {
    // Shared among commands; a commit takes it exclusively, so it never splits a command.
    commandsThenCommit.readLock().lock();
    try {
      return command.get();
    } finally {
      commandsThenCommit.readLock().unlock();
    }
  }

  /**
   * Commits every command completed so far, as one new version of the file, and returns that
   * version. The data is written but may still sit in the OS cache: call {@link #sync()} before
   * acknowledging.
   */
  public long commit() {
    commandsThenCommit.writeLock().lock();
    try {
      store.commit(); // returns -1 when nothing changed; the version is what counts
      return store.getCurrentVersion();
    } finally {
      commandsThenCommit.writeLock().unlock();
    }
  }

  /** Forces the committed versions to disk (fsync). Commands go on meanwhile. */
  public void sync() {
    store.sync();
  }

  /** The last committed version of the store. */
  public long version() {
    return store.getCurrentVersion();
  }

  public StoreStats stats() {
    return stats;
  }

  /** Closes without committing, leaving the file exactly as it was opened. */
  public void abandon() {
    store.closeImmediately();
  }

  @Override
  public void close() {
    super.close();
    if (!store.isClosed()) {
      commit();
      store.close();
      LOG.debug(
          "closed {}",
          store.getFileStore() == null ? "in-memory store" : store.getFileStore().getFileName());
    }
  }
}
