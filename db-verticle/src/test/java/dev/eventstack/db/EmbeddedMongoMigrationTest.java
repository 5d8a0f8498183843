package dev.eventstack.db;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir of the previous release (mongo-java-server's H2Backend, with the side file of its last
 * commit) starts on the new engine with every document and counter, and keeps the old file.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedMongoMigrationTest {

  @TempDir Path dataDir;

  @SuppressWarnings("unchecked")
  private static MongoCollection<Object> collection(MongoDatabase database, String name) {
    return (MongoCollection<Object>)
        database.createCollectionOrThrowIfExists(name, CollectionOptions.withDefaults());
  }

  private void writeThePreviousReleasesDataDir() throws Exception {
    Path file = dataDir.resolve(EmbeddedMongo.FILE_NAME);
    H2Backend old = new H2Backend(file.toString());
    MongoDatabase database = old.resolveDatabase("eventstack");
    MongoCollection<Object> tasks = collection(database, "tasks");
    for (int i = 0; i < 1500; i++) {
      tasks.addDocument(new Document("_id", "t" + i).append("title", "task " + i));
    }
    MongoCollection<Object> counters = collection(database, "counters");
    counters.addDocument(new Document("_id", "beers").append("seq", 42L));
    old.commit();
    long version = old.getMvStore().getCurrentVersion();
    old.close();
    Files.writeString(
        dataDir.resolve(EmbeddedMongo.FILE_NAME + EmbeddedMongo.VERSION_FILE_SUFFIX),
        Long.toString(version),
        StandardCharsets.US_ASCII);
  }

  @Test
  void startsOnThePreviousFormatWithEveryDocument(Vertx vertx) throws Exception {
    writeThePreviousReleasesDataDir();

    EmbeddedMongo store =
        vertx.executeBlocking(() -> EmbeddedMongo.start(dataDir)).await(60, SECONDS);
    MongoClient mongo =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", store.connectionString("eventstack"))
                .put("db_name", "eventstack"));
    try {
      assertEquals(1500L, mongo.count("tasks", new JsonObject()).await(20, SECONDS));
      assertEquals(
          "task 777",
          mongo
              .findOne("tasks", new JsonObject().put("_id", "t777"), null)
              .await(20, SECONDS)
              .getString("title"));
      assertEquals(
          42L,
          mongo
              .findOne("counters", new JsonObject().put("_id", "beers"), null)
              .await(20, SECONDS)
              .getLong("seq"));
      assertTrue(Files.exists(dataDir.resolve(EmbeddedMongo.FILE_NAME + ".h2-backup")));
    } finally {
      mongo.close().await(10, SECONDS);
      vertx
          .executeBlocking(
              () -> {
                store.stop();
                return null;
              })
          .await(30, SECONDS);
    }

    // And it opens again, now in the new format, without migrating twice.
    EmbeddedMongo again =
        vertx.executeBlocking(() -> EmbeddedMongo.start(dataDir)).await(60, SECONDS);
    vertx
        .executeBlocking(
            () -> {
              again.stop();
              return null;
            })
        .await(30, SECONDS);
    try (var files = Files.list(dataDir)) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().contains("h2-backup")).count());
    }
  }
}
