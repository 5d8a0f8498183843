package dev.eventstack.db;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged data file is refused, never served with less than was acknowledged: each damage that
 * black-box tests found on copies of a data dir, on a copy of one written here.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedMongoDamageTest {

  private static final int TASKS = 2000;

  @TempDir Path root;
  private Vertx vertx;
  private Path original;

  @BeforeEach
  void writeADataDir(Vertx vertx) throws Exception {
    this.vertx = vertx;
    original = root.resolve("original");
    EmbeddedMongo store = start(original);
    MongoClient mongo = client(store);
    // Many commits, as a running node makes them: each batch is committed before the next.
    for (int batch = 0; batch < 20; batch++) {
      List<BulkOperation> inserts = new ArrayList<>();
      for (int i = 0; i < TASKS / 20; i++) {
        inserts.add(
            BulkOperation.createInsert(
                new JsonObject()
                    .put("_id", batch + "-" + i)
                    .put("title", "task " + i + " of batch " + batch + " ".repeat(100))));
      }
      mongo.bulkWrite("tasks", inserts).await(20, SECONDS);
      blocking(store::commit);
    }
    mongo.close().await(10, SECONDS);
    blocking(store::stop);
  }

  @Test
  void opensAWholeCopyWithEveryDocument() throws Exception {
    Path copy = copyOf("whole");
    EmbeddedMongo store = start(copy);
    MongoClient mongo = client(store);
    assertEquals(TASKS, mongo.count("tasks", new JsonObject()).await(20, SECONDS));
    mongo.close().await(10, SECONDS);
    blocking(store::stop);
  }

  @Test
  void refusesAFileCutToHalfItsSize() throws Exception {
    Path copy = copyOf("half");
    Path file = copy.resolve(EmbeddedMongo.FILE_NAME);
    try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "rw")) {
      data.setLength(data.length() / 2);
    }
    assertRefused(copy);
  }

  @Test
  void refusesAFileWhoseLast64KiBWereOverwritten() throws Exception {
    Path copy = copyOf("tail");
    Path file = copy.resolve(EmbeddedMongo.FILE_NAME);
    try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "rw")) {
      long length = data.length();
      assertTrue(length > 4 * 65536, "the data file is big enough: " + length);
      data.seek(length - 65536);
      data.write(new byte[65536]);
    }
    assertRefused(copy);
  }

  @Test
  void refusesAnEmptiedFile() throws Exception {
    Path copy = copyOf("empty");
    Files.write(copy.resolve(EmbeddedMongo.FILE_NAME), new byte[0]);
    assertRefused(copy);
  }

  @Test
  void refusesAMissingFileWhoseCommitsWereRecorded() throws Exception {
    Path copy = copyOf("missing");
    Files.delete(copy.resolve(EmbeddedMongo.FILE_NAME));
    assertRefused(copy);
  }

  private void assertRefused(Path dataDir) {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start(dataDir));
    String message = refused.getMessage();
    assertTrue(message.contains(EmbeddedMongo.FILE_NAME), message);
    assertTrue(!message.contains("another eventstack"), message);
  }

  private Path copyOf(String name) throws IOException {
    Path copy = root.resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(original)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private EmbeddedMongo start(Path dataDir) throws Exception {
    return vertx.executeBlocking(() -> EmbeddedMongo.start(dataDir)).await(20, SECONDS);
  }

  private MongoClient client(EmbeddedMongo store) {
    return MongoClient.create(
        vertx,
        new JsonObject()
            .put("connection_string", store.connectionString("eventstack"))
            .put("db_name", "eventstack"));
  }

  private void blocking(Runnable work) throws Exception {
    vertx
        .executeBlocking(
            () -> {
              work.run();
              return null;
            })
        .await(30, SECONDS);
  }
}
