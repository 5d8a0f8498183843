package dev.eventstack.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine through a real driver: indexes, index-driven pages and counts, and reopening. */
class MvBackendTest {

  @TempDir Path dir;

  private MvBackend backend;
  private MongoServer server;
  private MongoClient client;

  private MongoCollection<Document> start() {
    backend = MvBackend.open(dir.resolve("test.mv.db"));
    server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    return client.getDatabase("db").getCollection("beers");
  }

  private void stop() {
    client.close();
    backend.commit();
    backend.sync();
    server.shutdownNow();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      stop();
    }
  }

  private static List<Document> beers(int count) {
    List<Document> beers = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      beers.add(
          new Document("_id", id)
              .append("type", id % 3 == 0 ? "pint" : "half")
              .append("addedMs", 1_000_000L + id));
    }
    return beers;
  }

  private static List<Object> ids(Iterable<Document> documents) {
    List<Object> ids = new ArrayList<>();
    documents.forEach(d -> ids.add(d.get("_id")));
    return ids;
  }

  @Test
  void pagesAndCountsComeFromIndexesWithoutScans() {
    MongoCollection<Document> beers = start();
    beers.createIndex(Indexes.ascending("type", "_id"), new IndexOptions().name("type_id"));
    beers.createIndex(Indexes.ascending("addedMs"));
    beers.insertMany(beers(3000));
    long scansBefore = backend.stats().collectionScans();
    long readBefore = backend.stats().documentsRead();

    List<Object> page =
        ids(beers.find(eq("type", "pint")).sort(Sorts.ascending("_id")).skip(100).limit(5));
    assertEquals(List.of(303L, 306L, 309L, 312L, 315L), page);
    List<Object> unfiltered = ids(beers.find().sort(Sorts.ascending("_id")).skip(2000).limit(3));
    assertEquals(List.of(2001L, 2002L, 2003L), unfiltered);
    List<Object> newest =
        ids(beers.find(eq("type", "half")).sort(Sorts.descending("_id")).limit(2));
    assertEquals(List.of(2999L, 2998L), newest);
    assertEquals(1000, beers.countDocuments(eq("type", "pint")));
    assertEquals(3000, beers.countDocuments());
    assertEquals(990, beers.countDocuments(eq("type", "pint"), new CountOptions().skip(10)));
    List<Object> old = ids(beers.find(lt("addedMs", 1_000_004L)).sort(Sorts.ascending("addedMs")));
    assertEquals(List.of(1L, 2L, 3L), old);
    List<Object> window =
        ids(beers.find(and(gte("addedMs", 1_000_010L), lte("addedMs", 1_000_012L))));
    assertEquals(List.of(10L, 11L, 12L), window);
    assertEquals(List.of(7L, 9L), ids(beers.find(in("_id", 9L, 7L, 100_000L))));

    assertEquals(scansBefore, backend.stats().collectionScans(), "no query scanned");
    // Rank skips: the pages above read a handful of documents, not the thousands they skip.
    long read = backend.stats().documentsRead() - readBefore;
    assertTrue(read < 40, "documents read: " + read);
  }

  @Test
  void aFilterNoIndexServesIsCountedAsAScan() {
    MongoCollection<Document> beers = start();
    beers.insertMany(beers(50));
    long before = backend.stats().collectionScans();
    assertEquals(16, ids(beers.find(eq("type", "pint"))).size());
    assertEquals(before + 1, backend.stats().collectionScans());
  }

  @Test
  void uniqueIndexesRefuseDuplicatesAndFindOneAndUpdateUsesTheSortIndex() {
    MongoCollection<Document> jobs = start();
    jobs.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
    jobs.createIndex(Indexes.ascending("status", "runAfterMs", "createdMs"));
    jobs.insertOne(
        new Document("_id", "a")
            .append("name", "x")
            .append("status", "queued")
            .append("runAfterMs", 5L)
            .append("createdMs", 2L));
    jobs.insertOne(
        new Document("_id", "b")
            .append("name", "y")
            .append("status", "queued")
            .append("runAfterMs", 5L)
            .append("createdMs", 1L));
    jobs.insertOne(
        new Document("_id", "c")
            .append("name", "z")
            .append("status", "done")
            .append("runAfterMs", 1L)
            .append("createdMs", 0L));
    MongoWriteException duplicate =
        assertThrows(MongoWriteException.class, () -> jobs.insertOne(new Document("name", "x")));
    assertEquals(11000, duplicate.getError().getCode());
    long scans = backend.stats().collectionScans();

    Document claimed =
        jobs.findOneAndUpdate(
            and(eq("status", "queued"), lte("runAfterMs", 10L)),
            new Document("$set", new Document("status", "running")),
            new FindOneAndUpdateOptions()
                .sort(Sorts.ascending("runAfterMs", "createdMs"))
                .returnDocument(ReturnDocument.AFTER));
    assertEquals("b", claimed.get("_id"));
    assertEquals(1, jobs.countDocuments(eq("status", "running")));
    assertEquals(List.of("a"), ids(jobs.find(eq("status", "queued"))));
    assertEquals(scans, backend.stats().collectionScans());
  }

  @Test
  void committedDataAndIndexesSurviveAReopen() {
    MongoCollection<Document> beers = start();
    beers.createIndex(Indexes.ascending("type", "_id"), new IndexOptions().name("type_id"));
    beers.insertMany(beers(300));
    beers.deleteOne(eq("_id", 3L));
    beers.updateOne(eq("_id", 6L), new Document("$set", new Document("type", "half")));
    stop();
    client = null;

    MongoCollection<Document> reopened = start();
    assertEquals(299, reopened.countDocuments());
    assertEquals(98, reopened.countDocuments(eq("type", "pint")));
    Function<Integer, List<Object>> firstPints =
        n -> ids(reopened.find(eq("type", "pint")).sort(Sorts.ascending("_id")).limit(n));
    assertEquals(List.of(9L, 12L), firstPints.apply(2));
  }
}
