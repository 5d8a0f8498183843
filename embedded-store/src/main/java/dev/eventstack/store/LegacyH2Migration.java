package dev.eventstack.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.bson.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a data file written by an earlier release (mongo-java-server's H2Backend, documents as
 * Java-serialized objects) to this engine's format, in place: every document of every collection
 * and every index declaration is copied into a new file, which then takes the old file's name. The
 * old file is kept beside it as {@code <name>.h2-backup}.
 *
 * <p>A crash during the copy leaves the old file untouched (the copy goes to {@code
 * <name>.migrating}, replaced by the next attempt). The rename of the old file comes first and the
 * rename of the new file second; a crash between the two leaves the backup and the complete new
 * file, and the next start finishes the job.
 */
public final class LegacyH2Migration {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyH2Migration.class);
  private static final int DOCUMENTS_PER_COMMIT = 10_000;

  /** What was moved, and where the old file now is. */
  public record Result(long documents, int collections, Path backup) {}

  private LegacyH2Migration() {}

  /**
   * Migrates {@code file} if it is in the old format. Before anything is written, {@code
   * checkVersion} gets the old file's committed version, so the caller can refuse a damaged file
   * (by throwing).
   */
  public static Optional<Result> migrateIfNeeded(Path file, LongConsumer checkVersion) {
    Path migrating = file.resolveSibling(file.getFileName() + ".migrating");
    Path backup = file.resolveSibling(file.getFileName() + ".h2-backup");
    try {
      if (!Files.exists(file) && Files.exists(migrating) && Files.exists(backup)) {
        Files.move(migrating, file, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("finished an interrupted migration of {}; the old file is {}", file, backup);
        return Optional.empty();
      }
      if (!Files.exists(file) || Files.size(file) == 0) {
        return Optional.empty();
      }
      long copied;
      int collections;
      MVStore old = new MVStore.Builder().fileName(file.toString()).readOnly().open();
      try {
        if (!LegacyH2Format.isLegacy(old)) {
          return Optional.empty();
        }
        checkVersion.accept(old.getCurrentVersion());
        LOG.info("{} is in the previous release's format; migrating it to the new engine", file);
        Files.deleteIfExists(migrating);
        MvBackend fresh = MvBackend.open(migrating);
        try {
          List<String> dataMaps = dataMapsOf(old);
          copied = copyDocuments(old, fresh, dataMaps);
          collections = dataMaps.size();
          copyIndexDeclarations(old, fresh);
          fresh.commit();
          fresh.sync();
        } finally {
          fresh.close();
        }
      } finally {
        old.close();
      }
      Path kept = Files.exists(backup) ? uniqueBackup(backup) : backup;
      Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
      Files.move(migrating, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.info(
          "migrated {} documents in {} collections to the new engine; the old file is kept as {}",
          copied,
          collections,
          kept);
      return Optional.of(new Result(copied, collections, kept));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot migrate " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path uniqueBackup(Path backup) {
    return backup.resolveSibling(backup.getFileName() + "-" + System.currentTimeMillis());
  }

  /** The old documents maps, {@code databases.<db>.<collection>}, without system collections. */
  private static List<String> dataMapsOf(MVStore old) {
    List<String> names = new ArrayList<>();
    for (String name : old.getMapNames()) {
      if (name.startsWith(LegacyH2Format.DATA_PREFIX)) {
        String namespace = name.substring(LegacyH2Format.DATA_PREFIX.length());
        String collection = namespace.substring(namespace.indexOf('.') + 1);
        if (namespace.contains(".") && !collection.startsWith("system.")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static long copyDocuments(MVStore old, MvBackend fresh, List<String> dataMaps) {
    long copied = 0;
    for (String name : dataMaps) {
      String namespace = name.substring(LegacyH2Format.DATA_PREFIX.length());
      String databaseName = namespace.substring(0, namespace.indexOf('.'));
      String collectionName = namespace.substring(namespace.indexOf('.') + 1);
      MongoDatabase database = fresh.resolveDatabase(databaseName);
      @SuppressWarnings("unchecked")
      MongoCollection<Object> collection =
          (MongoCollection<Object>) database.resolveCollection(collectionName, false);
      if (collection == null) {
        @SuppressWarnings("unchecked")
        MongoCollection<Object> created =
            (MongoCollection<Object>)
                database.createCollectionOrThrowIfExists(
                    collectionName, CollectionOptions.withDefaults());
        collection = created;
      }
      MVMap<Object, Document> documents = old.openMap(name);
      for (Document document : documents.values()) {
        collection.addDocument(document);
        if (++copied % DOCUMENTS_PER_COMMIT == 0) {
          fresh.commit(); // bounds the memory the copy holds before it reaches the file
        }
      }
      LOG.info("migrated {}: {} documents", namespace, documents.sizeAsLong());
    }
    return copied;
  }

  /** Secondary and unique indexes, from {@code databases.<db>.system.indexes}. */
  private static void copyIndexDeclarations(MVStore old, MvBackend fresh) {
    for (String name : old.getMapNames()) {
      if (name.startsWith(LegacyH2Format.DATA_PREFIX) && name.endsWith(".system.indexes")) {
        String namespace = name.substring(LegacyH2Format.DATA_PREFIX.length());
        String databaseName = namespace.substring(0, namespace.indexOf('.'));
        MvDatabase database = (MvDatabase) fresh.resolveDatabase(databaseName);
        MVMap<Object, Document> indexes = old.openMap(name);
        for (Document description : indexes.values()) {
          if (!"_id_".equals(description.get("name"))) {
            database.declareIndex(new Document(description));
          }
        }
      }
    }
  }
}
