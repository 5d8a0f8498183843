package dev.eventstack.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data file of the previous release (H2Backend) opens with every document, counter and index. */
class LegacyH2MigrationTest {

  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static MongoCollection<Object> collection(MongoDatabase database, String name) {
    return (MongoCollection<Object>)
        database.createCollectionOrThrowIfExists(name, CollectionOptions.withDefaults());
  }

  /** Writes a file the way the last release did: H2Backend, Java-serialized documents. */
  private long writeOldFile(Path file) {
    H2Backend old = new H2Backend(file.toString());
    MongoDatabase database = old.resolveDatabase("eventstack");
    MongoCollection<Object> beers = collection(database, "beers");
    for (long id = 1; id <= 2500; id++) {
      beers.addDocument(new Document("_id", id).append("type", id % 2 == 0 ? "pint" : "half"));
    }
    MongoCollection<Object> stats = collection(database, "stats");
    stats.addDocument(new Document("_id", "beers").append("count", 2500L));
    old.commit();
    long version = old.getMvStore().getCurrentVersion();
    old.close();
    return version;
  }

  @Test
  void copiesEveryDocumentKeepsABackupAndOpensInTheNewFormat() throws Exception {
    Path file = dir.resolve("eventstack.mv.db");
    long oldVersion = writeOldFile(file);
    long[] checked = {-1};

    Optional<LegacyH2Migration.Result> result =
        LegacyH2Migration.migrateIfNeeded(file, version -> checked[0] = version);

    assertTrue(result.isPresent());
    assertEquals(oldVersion, checked[0], "the old file's version is checked before anything moves");
    assertEquals(2501, result.get().documents());
    assertTrue(Files.exists(result.get().backup()), "the old file is kept");
    assertFalse(Files.exists(dir.resolve("eventstack.mv.db.migrating")));

    MvBackend backend = MvBackend.open(file);
    try {
      MongoDatabase database = backend.resolveDatabase("eventstack");
      MongoCollection<?> beers = database.resolveCollection("beers", true);
      assertEquals(2500, beers.count());
      Document counter =
          database
              .resolveCollection("stats", true)
              .handleQuery(new Document("_id", "beers"))
              .iterator()
              .next();
      assertEquals(2500L, counter.get("count"));
      List<Object> ids =
          StreamSupport.stream(beers.handleQuery(new Document("_id", 1234L)).spliterator(), false)
              .map(d -> d.get("type"))
              .collect(Collectors.toList());
      assertEquals(List.of("pint"), ids);
    } finally {
      backend.close();
    }
    assertTrue(
        LegacyH2Migration.migrateIfNeeded(file, version -> {}).isEmpty(),
        "a migrated file is not migrated again");
  }

  @Test
  void aRefusedVersionCheckLeavesTheOldFileUntouched() throws Exception {
    Path file = dir.resolve("eventstack.mv.db");
    writeOldFile(file);
    byte[] before = Files.readAllBytes(file);
    assertThrows(
        IllegalStateException.class,
        () ->
            LegacyH2Migration.migrateIfNeeded(
                file,
                version -> {
                  throw new IllegalStateException("damaged");
                }));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
    assertFalse(Files.exists(dir.resolve("eventstack.mv.db.h2-backup")));
  }

  @Test
  void theNewEngineRefusesAnUnmigratedFile() {
    Path file = dir.resolve("eventstack.mv.db");
    writeOldFile(file);
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> MvBackend.open(file));
    assertTrue(refused.getMessage().contains("previous release"), refused.getMessage());
  }
}
