package dev.eventstack.store;

import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that the engine of {@link BackendUnderTest} answers exactly like mongo-java-server's
 * {@link MemoryBackend}: both run behind a {@link MongoServer} on 127.0.0.1, and one long random
 * sequence of operations, seeded, goes to both through the MongoDB sync driver. Every answer is
 * compared: documents (field order and BSON types included), counts, matched and modified counts,
 * upserted ids, the documents findOneAndUpdate returns, and the codes of errors such as a duplicate
 * key. The whole content of every collection, and its indexes, is compared every few hundred
 * operations and at the end.
 *
 * <p>The operations are those the stores of db-verticle send (the same collections, indexes,
 * filters, sorts, skip and limit, $inc and $set updates, findOneAndUpdate with a sort, bulk
 * inserts, deleteMany by $in), and random ones on a collection of mixed types ({@code things}).
 *
 * <p>Where MongoDB leaves the order open (no sort, or ties of a sort that is not total), the
 * answers must be equally valid, not identical: the same sort keys in the same order, the same
 * documents within each tie group that the page holds whole, and only documents the reference would
 * also match. Operations that pick one document (updateOne, findOneAndUpdate …) either filter by
 * {@code _id} or sort totally, so both engines pick the same one.
 *
 * <p>{@code -Ddifferential.seed=random|<long>} and {@code -Ddifferential.ops=<n>} override the
 * fixed seed and the number of operations. A mismatch fails with the seed, the index of the
 * operation and the operation itself, to replay it.
 */
class DifferentialTest {

  private static final Logger LOG = LoggerFactory.getLogger(DifferentialTest.class);

  private static final long DEFAULT_SEED = 20250601L;
  private static final int DEFAULT_OPS = 8000;

  /** Operations between two comparisons of every collection's whole content. */
  private static final int FULL_CHECK_EVERY = 500;

  private static final String DATABASE = "differential";

  /** Extended JSON keeps the BSON types (int, long, double …) and the field order. */
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  @TempDir Path dataDir;

  private MongoServer referenceServer;
  private MongoClient referenceClient;
  private MongoServer testServer;
  private MongoClient testClient;
  private MongoDatabase reference;
  private MongoDatabase underTest;

  /**
   * The server logs every error it answers (a duplicate key …) with its stack, and the database
   * warns of each index that MemoryBackend does not build: thousands of lines for expected answers,
   * which the failure message shows anyway. {@code -Ddifferential.verbose=true} keeps them.
   */
  private static final List<String> NOISY_LOGGERS =
      List.of(
          "de.bwaldvogel.mongo.wire.MongoWireProtocolHandler",
          "de.bwaldvogel.mongo.backend.AbstractMongoDatabase");

  private final Map<String, Level> levelsBefore = new HashMap<>();

  @BeforeEach
  void quiet() {
    if (!Boolean.getBoolean("differential.verbose")) {
      for (String name : NOISY_LOGGERS) {
        ch.qos.logback.classic.Logger logger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name);
        levelsBefore.put(name, logger.getLevel());
        logger.setLevel(Level.OFF);
      }
    }
  }

  @AfterEach
  void stop() {
    levelsBefore.forEach(
        (name, level) ->
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(level));
    closeUnderTest();
    if (referenceClient != null) {
      referenceClient.close();
    }
    if (referenceServer != null) {
      referenceServer.shutdownNow();
    }
  }

  @Test
  void answersLikeTheMemoryBackend() {
    long seed = seed();
    int ops = Integer.getInteger("differential.ops", DEFAULT_OPS);
    referenceServer = new MongoServer(new MemoryBackend());
    referenceClient = connect(referenceServer);
    reference = referenceClient.getDatabase(DATABASE);
    openUnderTest();

    Workload workload = new Workload(new Random(seed));
    Deque<String> recent = new ArrayDeque<>();
    long started = System.nanoTime();
    Run run = new Run(seed, recent);
    List<Op> setup = workload.createIndexes();
    for (int i = 0; i < setup.size(); i++) {
      run.check(-1 - i, setup.get(i));
    }
    run.checkEverything(-1, "after the indexes");
    int reopened = 0;
    for (int i = 0; i < ops; i++) {
      if (BackendUnderTest.persistent() && workload.random.nextInt(400) == 0) {
        reopenUnderTest();
        reopened++;
        run.checkEverything(i, "after closing and reopening the engine under test");
      }
      Op op = workload.next();
      recent.addLast("#" + i + " " + op.text());
      if (recent.size() > 8) {
        recent.removeFirst();
      }
      run.check(i, op);
      if ((i + 1) % FULL_CHECK_EVERY == 0) {
        run.checkEverything(i, "every " + FULL_CHECK_EVERY + " operations");
      }
    }
    run.checkEverything(ops, "at the end");
    if (BackendUnderTest.persistent()) {
      reopenUnderTest();
      reopened++;
      run.checkEverything(ops, "after a last close and reopen");
    }
    LOG.info(
        "differential test: seed={} ops={} reopened={} in {} ms; errors answered alike={}",
        seed,
        ops,
        reopened,
        (System.nanoTime() - started) / 1_000_000,
        run.errors);
  }

  private static long seed() {
    String value = System.getProperty("differential.seed", "").trim();
    if (value.isEmpty()) {
      return DEFAULT_SEED;
    }
    if (value.equalsIgnoreCase("random")) {
      return new SecureRandom().nextLong();
    }
    return Long.parseLong(value);
  }

  private void openUnderTest() {
    testServer = new MongoServer(BackendUnderTest.open(dataDir));
    testClient = connect(testServer);
    underTest = testClient.getDatabase(DATABASE);
  }

  /** Shuts the server down, which closes its backend. */
  private void closeUnderTest() {
    if (testClient != null) {
      testClient.close();
      testClient = null;
    }
    if (testServer != null) {
      testServer.shutdownNow();
      testServer = null;
    }
  }

  private void reopenUnderTest() {
    closeUnderTest();
    openUnderTest();
  }

  private static MongoClient connect(MongoServer server) {
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    return MongoClients.create(
        "mongodb://127.0.0.1:"
            + address.getPort()
            + "/?directConnection=true&retryWrites=false&retryReads=false"
            + "&serverSelectionTimeoutMS=10000&connectTimeoutMS=10000&timeoutMS=120000");
  }

  // ---------------------------------------------------------------------------------------------
  // Operations and how their answers are compared

  /** An answer that is an error: compared by its kind and code, not by its message. */
  private record Failure(String key, String message) {
    @Override
    public String toString() {
      return key + " (" + message + ")";
    }
  }

  /**
   * One operation, run alike against both databases.
   *
   * @param text what it does, for the failure message
   * @param action the operation; its answer is a document, a list of documents, or a value
   * @param exact whether the answers must be identical; if not, the answer is a list of documents
   *     whose order MongoDB leaves partly open
   * @param sortFields the fields of the sort, for the answers that need not be exact
   * @param skip the skip of a query that need not be exact
   * @param limit the limit of a query that need not be exact (0: none)
   * @param everything for a query that need not be exact and has a skip or limit: the same query
   *     without them, run against the reference only
   */
  private record Op(
      String text,
      Function<MongoDatabase, Object> action,
      boolean exact,
      List<String> sortFields,
      int skip,
      int limit,
      Function<MongoDatabase, Object> everything) {

    static Op exact(String text, Function<MongoDatabase, Object> action) {
      return new Op(text, action, true, List.of(), 0, 0, null);
    }
  }

  /** Runs the operations against both databases and compares the answers. */
  private final class Run {

    private final long seed;
    private final Deque<String> recent;
    int errors;

    Run(long seed, Deque<String> recent) {
      this.seed = seed;
      this.recent = recent;
    }

    void check(int index, Op op) {
      Object expected = answer(reference, op.action());
      Object actual = answer(underTest, op.action());
      if (expected instanceof Failure) {
        errors++;
      }
      String mismatch =
          op.exact() || expected instanceof Failure || actual instanceof Failure
              ? compareExactly(expected, actual)
              : compareLeniently(op, expected, actual);
      if (mismatch != null) {
        fail(
            "The engine under test answered differently from the MemoryBackend.\n"
                + "seed="
                + seed
                + " op #"
                + index
                + ": "
                + op.text()
                + "\n"
                + mismatch
                + "\nreference answer:  "
                + render(expected)
                + "\nunder-test answer: "
                + render(actual)
                + "\nthe last operations:\n  "
                + String.join("\n  ", recent)
                + "\nreplay: -Ddifferential.seed="
                + seed
                + " -Ddifferential.ops="
                + (index + 1));
      }
    }

    /** Every collection's documents by {@code _id}, its indexes, and the collection names. */
    void checkEverything(int index, String when) {
      check(
          index,
          new Op(
              "listCollectionNames (" + when + ")",
              db ->
                  db.listCollectionNames().into(new ArrayList<>()).stream()
                      .map(name -> new Document("name", name))
                      .toList(),
              false,
              List.of(),
              0,
              0,
              null));
      for (String collection : Workload.COLLECTIONS) {
        check(
            index,
            Op.exact(
                collection + ".find({}).sort({_id: 1}) (" + when + ")",
                db ->
                    db.getCollection(collection)
                        .find()
                        .sort(new Document("_id", 1))
                        .into(new ArrayList<>())));
        check(
            index,
            new Op(
                collection + ".listIndexes() (" + when + ")",
                db -> db.getCollection(collection).listIndexes().into(new ArrayList<>()),
                false,
                List.of(),
                0,
                0,
                null));
        check(
            index,
            Op.exact(
                collection + ".estimatedDocumentCount() (" + when + ")",
                db -> db.getCollection(collection).estimatedDocumentCount()));
      }
    }

    private Object answer(MongoDatabase db, Function<MongoDatabase, Object> action) {
      try {
        return action.apply(db);
      } catch (MongoBulkWriteException e) {
        StringBuilder what =
            new StringBuilder("bulk write error: inserted=")
                .append(e.getWriteResult().getInsertedCount())
                .append(" errors=");
        for (BulkWriteError error : e.getWriteErrors()) {
          what.append('[').append(error.getIndex()).append(": code ").append(error.getCode());
          what.append(']');
        }
        return new Failure(what.toString(), e.getMessage());
      } catch (MongoWriteException e) {
        String what = "write error: code " + e.getError().getCode();
        return new Failure(what, e.getMessage());
      } catch (MongoCommandException e) {
        String what = "command error: code " + e.getErrorCode() + " " + e.getErrorCodeName();
        return new Failure(what, e.getMessage());
      } catch (MongoException e) {
        String what = e.getClass().getSimpleName() + ": code " + e.getCode();
        return new Failure(what, e.getMessage());
      }
    }
  }

  /** What of an answer is compared: errors by kind and code only, not by message. */
  private static Object key(Object answer) {
    if (answer instanceof Failure failure) {
      return failure.key();
    }
    if (answer instanceof List<?> list) {
      return list.stream().map(DifferentialTest::render).toList();
    }
    return render(answer);
  }

  private static String compareExactly(Object expected, Object actual) {
    return key(expected).equals(key(actual)) ? null : "the answers differ";
  }

  /**
   * For a list of documents whose order MongoDB leaves partly open: the same sort keys in the same
   * order, the same documents in each tie group that lies wholly inside the page, and nothing the
   * reference would not have found.
   */
  private String compareLeniently(Op op, Object expected, Object actual) {
    List<Document> want = documents(expected);
    List<Document> got = documents(actual);
    if (want.size() != got.size()) {
      return "the answers have " + want.size() + " and " + got.size() + " documents";
    }
    List<String> wantKeys = want.stream().map(d -> sortKey(d, op.sortFields())).toList();
    List<String> gotKeys = got.stream().map(d -> sortKey(d, op.sortFields())).toList();
    if (!wantKeys.equals(gotKeys)) {
      return "the sort keys differ: " + wantKeys + " vs " + gotKeys;
    }
    boolean truncated = op.limit() > 0 && want.size() == op.limit();
    String first = wantKeys.isEmpty() ? null : wantKeys.get(0);
    String last = wantKeys.isEmpty() ? null : wantKeys.get(wantKeys.size() - 1);
    // Documents of the same tie group may come in another order: count them per group.
    Map<String, Integer> perGroup = new HashMap<>();
    for (int i = 0; i < want.size(); i++) {
      String key = wantKeys.get(i);
      boolean boundary = (op.skip() > 0 && key.equals(first)) || (truncated && key.equals(last));
      if (!boundary) {
        perGroup.merge(key + " " + render(want.get(i)), 1, Integer::sum);
        perGroup.merge(key + " " + render(got.get(i)), -1, Integer::sum);
      }
    }
    if (perGroup.values().stream().anyMatch(count -> count != 0)) {
      return "the documents differ within a group of equal sort keys";
    }
    if (op.everything() != null) {
      Map<String, Integer> possible = new HashMap<>();
      for (Document document : documents(op.everything().apply(reference))) {
        possible.merge(render(document), 1, Integer::sum);
      }
      for (Document document : got) {
        if (possible.merge(render(document), -1, Integer::sum) < 0) {
          return "the reference would not answer " + render(document) + " (or not that often)";
        }
      }
    }
    return null;
  }

  private static List<Document> documents(Object answer) {
    List<Document> documents = new ArrayList<>();
    for (Object element : (List<?>) answer) {
      documents.add((Document) element);
    }
    return documents;
  }

  /** The sort key as MongoDB compares it: numbers by value whatever their type, null as missing. */
  private static String sortKey(Document document, List<String> fields) {
    StringBuilder key = new StringBuilder();
    for (String field : fields) {
      key.append(comparable(document.get(field))).append('|');
    }
    return key.toString();
  }

  private static String comparable(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "number " + d;
      }
      return "number " + (d == 0 ? "0" : new BigDecimal(d).stripTrailingZeros().toPlainString());
    }
    if (value instanceof Number number) {
      long l = number.longValue();
      return "number "
          + (l == 0 ? "0" : BigDecimal.valueOf(l).stripTrailingZeros().toPlainString());
    }
    if (value instanceof Document document) {
      return "document " + document.toJson(JSON);
    }
    return value.getClass().getSimpleName() + " " + value;
  }

  private static String render(Object answer) {
    if (answer == null) {
      return "null";
    }
    if (answer instanceof Document document) {
      return document.toJson(JSON);
    }
    if (answer instanceof List<?> list) {
      return list.stream().map(DifferentialTest::render).toList().toString();
    }
    return answer.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The workload

  /** A field of a collection and how its values are drawn. */
  private enum Kind {
    /** Filtered, sorted on, set and unset. */
    PLAIN,
    /** Like PLAIN, and always a number where present, so that $inc applies. */
    NUMERIC,
    /** Has a unique index: set only by the operations on one document. */
    UNIQUE,
    /** Different in every document and never updated: a sort on it is total. */
    SEQUENCE,
    /** Stored and returned only (arrays, sub-documents). */
    OPAQUE
  }

  private record Field(String name, Kind kind, double absent, Supplier<Object> value) {}

  /** A collection: how its ids and fields are drawn, and the ids used so far. */
  private static final class Spec {
    final String name;
    final Supplier<Object> freshId;
    final List<Field> fields = new ArrayList<>();
    final List<Object> usedIds = new ArrayList<>();

    Spec(String name, Supplier<Object> freshId) {
      this.name = name;
      this.freshId = freshId;
    }

    Spec field(String fieldName, Kind kind, double absent, Supplier<Object> value) {
      fields.add(new Field(fieldName, kind, absent, value));
      return this;
    }

    List<Field> of(Kind... kinds) {
      List<Kind> wanted = List.of(kinds);
      return fields.stream().filter(f -> wanted.contains(f.kind())).toList();
    }
  }

  private final class Workload {

    static final List<String> COLLECTIONS =
        List.of("things", "beers", "books", "jobs", "job_runs", "counters");

    private static final long EPOCH = 1_750_000_000_000L;

    final Random random;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final List<ObjectId> objectIds = new ArrayList<>();
    private long clock = EPOCH;
    private long sequence = EPOCH;
    private long beerIds;
    private long jobIds;

    Workload(Random random) {
      this.random = random;
      for (int i = 0; i < 24; i++) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        objectIds.add(new ObjectId(bytes));
      }
      List<String> strings = List.of("", "a", "b", "ab", "B", "é", "zz", "a b", "10", "2");
      add(new Spec("things", this::mixedId))
          .field("s", Kind.PLAIN, 0.15, () -> pick(strings))
          .field("n", Kind.NUMERIC, 0.2, () -> number(-5, 5))
          .field("v", Kind.PLAIN, 0.15, this::mixed)
          .field("b", Kind.PLAIN, 0.2, random::nextBoolean)
          .field("x", Kind.PLAIN, 0.5, () -> random.nextInt(10) < 7 ? null : random.nextInt(3))
          .field("g", Kind.PLAIN, 0, () -> random.nextInt(4))
          .field("u", Kind.UNIQUE, 0.03, () -> "u" + random.nextInt(400))
          .field("tags", Kind.OPAQUE, 0.5, this::opaque);
      add(new Spec("beers", this::beerId))
          .field("tapId", Kind.PLAIN, 0, this::tapId)
          .field(
              "volume",
              Kind.NUMERIC,
              0,
              () -> pick(List.of(250.0, 330.0, 500.0, 1000.0, 275.5, 100.0)))
          .field("type", Kind.PLAIN, 0, () -> pick(List.of("small", "medium", "large", "huge")))
          .field("timestamp", Kind.OPAQUE, 0, () -> "2025-06-01T10:00:0" + random.nextInt(10) + "Z")
          .field("_addedMs", Kind.PLAIN, 0, this::time);
      add(new Spec("books", () -> "b" + random.nextInt(150)))
          .field(
              "title",
              Kind.PLAIN,
              0,
              () -> pick(List.of("Dune", "Emma", "Ulysses", "Beloved", "Solaris", "Kim", "dune")))
          .field(
              "author",
              Kind.PLAIN,
              0.1,
              () ->
                  random.nextInt(8) == 0
                      ? null
                      : pick(List.of("Austen", "Joyce", "Herbert", "Lem", "Kipling", "Morrison")))
          .field("year", Kind.NUMERIC, 0.1, () -> pick(List.of(1813, 1901, 1922, 1961, 1965, 1987)))
          .field("read", Kind.PLAIN, 0, random::nextBoolean)
          .field(
              "rating",
              Kind.PLAIN,
              0.3,
              () -> random.nextInt(6) == 0 ? null : random.nextInt(11) / 2.0);
      add(new Spec("jobs", () -> "j" + (++jobIds)))
          .field("type", Kind.PLAIN, 0, () -> pick(List.of("email", "report", "thumbnail")))
          .field(
              "payload",
              Kind.OPAQUE,
              0,
              () -> new Document("n", random.nextInt(3)).append("to", pick(strings)))
          .field(
              "status",
              Kind.PLAIN,
              0,
              () ->
                  pick(List.of("queued", "queued", "running", "succeeded", "failed", "cancelled")))
          .field("attempts", Kind.NUMERIC, 0, () -> random.nextInt(4))
          .field("maxAttempts", Kind.PLAIN, 0, () -> 1 + random.nextInt(3))
          .field("createdMs", Kind.SEQUENCE, 0, () -> ++sequence)
          .field("runAfterMs", Kind.PLAIN, 0, this::time)
          .field("leaseUntilMs", Kind.PLAIN, 0.4, () -> random.nextInt(4) == 0 ? null : time())
          .field(
              "owner",
              Kind.PLAIN,
              0.4,
              () -> random.nextInt(4) == 0 ? null : pick(List.of("w1", "w2", "w3")))
          .field("error", Kind.PLAIN, 0.6, () -> random.nextBoolean() ? null : "boom");
      add(new Spec("job_runs", () -> pick(objectIds)))
          .field("job", Kind.PLAIN, 0, () -> pick(List.of("purge", "report", "reap", "stats")))
          .field("node", Kind.PLAIN, 0, () -> pick(List.of("n1", "n2")))
          .field("startMs", Kind.SEQUENCE, 0, () -> ++sequence)
          .field("start", Kind.OPAQUE, 0, () -> "2025-06-01T10:00:00Z")
          .field("outcome", Kind.PLAIN, 0.1, () -> pick(List.of("ok", "failed")));
    }

    private Spec add(Spec spec) {
      specs.put(spec.name, spec);
      return spec;
    }

    // --- values

    <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    /** A number of a random BSON type: int, long or double (sometimes with a fraction). */
    Object number(int from, int to) {
      int n = from + random.nextInt(to - from + 1);
      return switch (random.nextInt(4)) {
        case 0 -> n;
        case 1 -> (long) n;
        case 2 -> (double) n;
        default -> n + 0.5;
      };
    }

    Object mixed() {
      return switch (random.nextInt(9)) {
        case 0, 1 -> number(-3, 3);
        case 2 -> random.nextInt(4);
        case 3, 4 -> pick(List.of("", "a", "b", "ab", "3"));
        case 5 -> random.nextBoolean();
        case 6 -> null;
        case 7 -> pick(objectIds.subList(0, 4));
        default -> (long) random.nextInt(4);
      };
    }

    Object opaque() {
      return switch (random.nextInt(3)) {
        case 0 -> List.of("x", "y").subList(0, random.nextInt(3));
        case 1 -> new Document("k", random.nextInt(3)).append("l", List.of(1, 2L, 3.0));
        default -> new Document();
      };
    }

    /** An id for things: ints, longs and doubles of the same values, strings, ObjectIds. */
    Object mixedId() {
      int n = random.nextInt(100);
      return switch (random.nextInt(12)) {
        case 0, 1 -> n;
        case 2, 3 -> (long) n;
        case 4 -> (double) n;
        case 5 -> n + 0.5;
        case 6, 7, 8 -> "t" + n;
        case 9 -> n == 0 ? -0.0 : "T" + n;
        default -> pick(objectIds);
      };
    }

    /** Beers get the next id of a sequence, as BeerStore draws them; now and then an old one. */
    Object beerId() {
      if (beerIds > 0 && random.nextInt(20) == 0) {
        int old = 1 + random.nextInt((int) beerIds);
        if (random.nextBoolean()) {
          return old;
        }
        return (long) old;
      }
      return ++beerIds;
    }

    /** Mostly a long, as BeerStore stores it; sometimes an int of the same value. */
    Object tapId() {
      int tap = random.nextInt(6);
      if (random.nextInt(5) == 0) {
        return tap;
      }
      return (long) tap;
    }

    /** A time around now: the workload's clock moves by a few ms per operation. */
    long time() {
      return clock - 300 + random.nextInt(400);
    }

    Object idFor(Spec spec) {
      if (!spec.usedIds.isEmpty() && random.nextInt(10) < 8) {
        return pick(spec.usedIds);
      }
      return spec.freshId.get();
    }

    Object freshIdFor(Spec spec) {
      Object id = spec.freshId.get();
      spec.usedIds.add(id);
      return id;
    }

    Document newDocument(Spec spec, Object id) {
      Document document = new Document("_id", id);
      for (Field field : spec.fields) {
        if (random.nextDouble() >= field.absent()) {
          document.append(field.name(), field.value().get());
        }
      }
      return document;
    }

    // --- filters, sorts, updates

    Document filter(Spec spec) {
      int clauses = random.nextInt(4);
      List<Document> parts = new ArrayList<>();
      for (int i = 0; i < clauses; i++) {
        parts.add(clause(spec));
      }
      return combine(parts);
    }

    Document combine(List<Document> parts) {
      Document merged = new Document();
      boolean clash = false;
      for (Document part : parts) {
        for (String field : part.keySet()) {
          clash |= merged.containsKey(field);
          merged.put(field, part.get(field));
        }
      }
      if (clash || (parts.size() > 1 && random.nextInt(4) == 0)) {
        return new Document("$and", parts);
      }
      return merged;
    }

    Document clause(Spec spec) {
      List<Field> fields = spec.of(Kind.PLAIN, Kind.NUMERIC, Kind.UNIQUE, Kind.SEQUENCE);
      if (random.nextInt(6) == 0) {
        return idClause(spec);
      }
      Field field = pick(fields);
      String name = field.name();
      Supplier<Object> value = field.value();
      if (field.kind() == Kind.SEQUENCE) {
        value = () -> sequence - random.nextInt(200);
      }
      return switch (random.nextInt(12)) {
        case 0, 1, 2 -> new Document(name, value.get());
        case 3, 4 -> new Document(name, new Document("$in", values(value, 1 + random.nextInt(3))));
        case 5 -> new Document(name, null);
        case 6 -> new Document(name, new Document("$exists", random.nextBoolean()));
        case 7 -> new Document(name, new Document("$ne", value.get()));
        case 8 ->
            new Document(
                name,
                new Document(pick(List.of("$gt", "$gte")), value.get())
                    .append(pick(List.of("$lt", "$lte")), value.get()));
        default ->
            new Document(
                name, new Document(pick(List.of("$lt", "$lte", "$gt", "$gte")), value.get()));
      };
    }

    Document idClause(Spec spec) {
      if (random.nextBoolean()) {
        return new Document("_id", idFor(spec));
      }
      List<Object> ids = new ArrayList<>();
      for (int i = random.nextInt(5); i >= 0; i--) {
        ids.add(idFor(spec));
      }
      return new Document("_id", new Document("$in", ids));
    }

    List<Object> values(Supplier<Object> value, int count) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        values.add(value.get());
      }
      if (random.nextInt(5) == 0) {
        values.add(null);
      }
      return values;
    }

    /** A filter on one document's id, and sometimes more, as the stores' findOneAndUpdates. */
    Document byId(Spec spec) {
      Document filter = new Document("_id", idFor(spec));
      if (random.nextInt(3) == 0) {
        Field field = pick(spec.of(Kind.PLAIN, Kind.NUMERIC));
        filter.append(field.name(), field.value().get());
      }
      return filter;
    }

    record Sort(Document spec, List<String> fields, boolean total) {}

    Sort sort(Spec spec, boolean mustBeTotal) {
      Document sort = new Document();
      List<Field> fields = spec.of(Kind.PLAIN, Kind.NUMERIC, Kind.UNIQUE, Kind.SEQUENCE);
      boolean total = false;
      for (int i = random.nextInt(3); i > 0; i--) {
        Field field = pick(fields);
        sort.put(field.name(), random.nextBoolean() ? 1 : -1);
        total |= field.kind() == Kind.SEQUENCE;
      }
      if (!total && (mustBeTotal || random.nextBoolean())) {
        sort.put("_id", random.nextBoolean() ? 1 : -1);
        total = true;
      }
      return new Sort(sort, List.copyOf(sort.keySet()), total);
    }

    Document update(Spec spec, boolean oneDocument) {
      Document set = new Document();
      Document inc = new Document();
      Document unset = new Document();
      List<Field> settable =
          oneDocument
              ? spec.of(Kind.PLAIN, Kind.NUMERIC, Kind.UNIQUE, Kind.OPAQUE)
              : spec.of(Kind.PLAIN, Kind.NUMERIC, Kind.OPAQUE);
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        Field field = pick(settable);
        if (set.containsKey(field.name())
            || inc.containsKey(field.name())
            || unset.containsKey(field.name())) {
          continue;
        }
        int what = random.nextInt(10);
        if (field.kind() == Kind.NUMERIC && what < 4) {
          inc.put(field.name(), number(-2, 3));
        } else if (what == 9) {
          unset.put(field.name(), "");
        } else {
          set.put(field.name(), field.value().get());
        }
      }
      if (set.isEmpty() && inc.isEmpty() && unset.isEmpty()) {
        Field field = settable.get(0);
        set.put(field.name(), field.value().get());
      }
      Document update = new Document();
      if (!set.isEmpty()) {
        update.put("$set", set);
      }
      if (!inc.isEmpty()) {
        update.put("$inc", inc);
      }
      if (!unset.isEmpty()) {
        update.put("$unset", unset);
      }
      return update;
    }

    // --- operations

    List<Op> createIndexes() {
      List<Op> ops = new ArrayList<>();
      ops.add(index("things", new Document("u", 1), new IndexOptions().name("u").unique(true)));
      ops.add(index("things", new Document("g", 1).append("n", -1), new IndexOptions()));
      ops.add(index("things", new Document("v", 1), new IndexOptions()));
      ops.add(index("things", new Document("s", -1), new IndexOptions()));
      ops.add(
          index(
              "beers",
              new Document("type", 1).append("_id", 1),
              new IndexOptions().name("type_id")));
      ops.add(index("books", new Document("author", 1), new IndexOptions().name("author")));
      ops.add(index("jobs", new Document("status", 1).append("runAfterMs", 1), new IndexOptions()));
      ops.add(
          index("jobs", new Document("status", 1).append("leaseUntilMs", 1), new IndexOptions()));
      ops.add(index("jobs", new Document("createdMs", -1), new IndexOptions()));
      ops.add(index("job_runs", new Document("job", 1).append("startMs", -1), new IndexOptions()));
      // Again: the same index is no change.
      ops.add(index("books", new Document("author", 1), new IndexOptions().name("author")));
      return ops;
    }

    Op index(String collection, Document keys, IndexOptions options) {
      return Op.exact(
          collection + ".createIndex(" + keys.toJson(JSON) + ", " + options + ")",
          db -> db.getCollection(collection).createIndex(keys, options));
    }

    Op next() {
      clock += 1 + random.nextInt(5);
      int which = random.nextInt(100);
      if (which < 12) {
        return storeShaped();
      }
      Spec spec = pick(List.copyOf(specs.values()));
      which = random.nextInt(100);
      if (which < 14) {
        return insertOne(spec);
      } else if (which < 22) {
        return insertMany(spec);
      } else if (which < 40) {
        return find(spec);
      } else if (which < 48) {
        return count(spec);
      } else if (which < 55) {
        return updateOne(spec);
      } else if (which < 60) {
        return updateMany(spec);
      } else if (which < 64) {
        return replaceOne(spec);
      } else if (which < 68) {
        return deleteOne(spec);
      } else if (which < 71) {
        return deleteMany(spec);
      } else if (which < 83) {
        return findOneAndUpdate(spec);
      } else if (which < 87) {
        return findOneAndReplace(spec);
      } else if (which < 90) {
        return findOneAndDelete(spec);
      } else if (which < 93) {
        return findById(spec);
      } else if (which < 95) {
        return indexAgain();
      }
      return find(spec);
    }

    Op insertOne(Spec spec) {
      Document document = newDocument(spec, freshIdFor(spec));
      return Op.exact(
          spec.name + ".insertOne(" + document.toJson(JSON) + ")",
          db -> db.getCollection(spec.name).insertOne(document).wasAcknowledged());
    }

    Op insertMany(Spec spec) {
      List<Document> documents = new ArrayList<>();
      for (int i = 1 + random.nextInt(8); i > 0; i--) {
        documents.add(newDocument(spec, freshIdFor(spec)));
      }
      return Op.exact(
          spec.name + ".insertMany(" + render(documents) + ", ordered)",
          db ->
              db.getCollection(spec.name)
                  .insertMany(documents, new InsertManyOptions().ordered(true))
                  .getInsertedIds()
                  .size());
    }

    Op find(Spec spec) {
      Document filter = filter(spec);
      Sort sort = sort(spec, false);
      int skip = random.nextInt(3) == 0 ? random.nextInt(6) : 0;
      int limit = random.nextInt(3) == 0 ? random.nextInt(8) : 0;
      Document projection = projection(spec);
      String text =
          spec.name
              + ".find("
              + filter.toJson(JSON)
              + ").sort("
              + sort.spec().toJson(JSON)
              + ").skip("
              + skip
              + ").limit("
              + limit
              + ").projection("
              + (projection == null ? "none" : projection.toJson(JSON))
              + ")";
      Function<MongoDatabase, Object> action =
          db -> {
            var find = db.getCollection(spec.name).find(filter).sort(sort.spec()).skip(skip);
            find = find.limit(limit);
            if (projection != null) {
              find = find.projection(projection);
            }
            return find.into(new ArrayList<>());
          };
      boolean exact = sort.total();
      Function<MongoDatabase, Object> everything =
          skip == 0 && limit == 0
              ? null
              : db -> {
                var find = db.getCollection(spec.name).find(filter).sort(sort.spec());
                if (projection != null) {
                  find = find.projection(projection);
                }
                return find.into(new ArrayList<>());
              };
      return new Op(text, action, exact, sort.fields(), skip, limit, everything);
    }

    /** Mostly none; else the shapes the stores use. */
    Document projection(Spec spec) {
      return switch (random.nextInt(10)) {
        case 0 -> new Document("_id", 1);
        case 1 -> new Document("_id", 1).append(pick(spec.fields).name(), 1);
        case 2 -> new Document("_id", 0).append(pick(spec.fields).name(), 0);
        default -> null;
      };
    }

    Op count(Spec spec) {
      Document filter = filter(spec);
      CountOptions options = new CountOptions();
      if (random.nextInt(3) == 0) {
        options.skip(random.nextInt(6));
      }
      if (random.nextInt(3) == 0) {
        options.limit(random.nextInt(8));
      }
      return Op.exact(
          spec.name + ".countDocuments(" + filter.toJson(JSON) + ", " + options + ")",
          db -> db.getCollection(spec.name).countDocuments(filter, options));
    }

    Op updateOne(Spec spec) {
      Document filter = byId(spec);
      Document update = update(spec, true);
      boolean upsert = random.nextInt(4) == 0;
      if (upsert) {
        onInsert(spec, update);
      }
      return Op.exact(
          spec.name
              + ".updateOne("
              + filter.toJson(JSON)
              + ", "
              + update.toJson(JSON)
              + ", upsert="
              + upsert
              + ")",
          db ->
              updated(
                  db.getCollection(spec.name)
                      .updateOne(filter, update, new UpdateOptions().upsert(upsert))));
    }

    /**
     * An upsert gives a new document its sequence fields, so that sorts on them stay total, and
     * mostly its uniquely indexed ones (a second document without one is a duplicate null).
     */
    void onInsert(Spec spec, Document update) {
      Document setOnInsert = new Document();
      for (Field field : spec.of(Kind.SEQUENCE)) {
        setOnInsert.put(field.name(), field.value().get());
      }
      for (Field field : spec.of(Kind.UNIQUE)) {
        boolean updated =
            update.values().stream().anyMatch(u -> ((Document) u).containsKey(field.name()));
        if (!updated && random.nextInt(5) > 0) {
          setOnInsert.put(field.name(), field.value().get());
        }
      }
      if (!setOnInsert.isEmpty()) {
        update.put("$setOnInsert", setOnInsert);
      }
    }

    Op updateMany(Spec spec) {
      Document filter = filter(spec);
      Document update = update(spec, false);
      return Op.exact(
          spec.name + ".updateMany(" + filter.toJson(JSON) + ", " + update.toJson(JSON) + ")",
          db -> updated(db.getCollection(spec.name).updateMany(filter, update)));
    }

    Op replaceOne(Spec spec) {
      Document filter = byId(spec);
      Document replacement = newDocument(spec, filter.get("_id"));
      if (random.nextBoolean()) {
        replacement.remove("_id");
      }
      boolean upsert = random.nextInt(4) == 0;
      return Op.exact(
          spec.name
              + ".replaceOne("
              + filter.toJson(JSON)
              + ", "
              + replacement.toJson(JSON)
              + ", upsert="
              + upsert
              + ")",
          db ->
              updated(
                  db.getCollection(spec.name)
                      .replaceOne(filter, replacement, new ReplaceOptions().upsert(upsert))));
    }

    Op deleteOne(Spec spec) {
      Document filter = byId(spec);
      return Op.exact(
          spec.name + ".deleteOne(" + filter.toJson(JSON) + ")",
          db -> deleted(db.getCollection(spec.name).deleteOne(filter)));
    }

    Op deleteMany(Spec spec) {
      Document filter = random.nextBoolean() ? filter(spec) : idClause(spec);
      return Op.exact(
          spec.name + ".deleteMany(" + filter.toJson(JSON) + ")",
          db -> deleted(db.getCollection(spec.name).deleteMany(filter)));
    }

    Op findOneAndUpdate(Spec spec) {
      boolean one = random.nextBoolean();
      Document filter = one ? byId(spec) : filter(spec);
      Sort sort = sort(spec, true);
      Document update = update(spec, one);
      ReturnDocument returned = random.nextBoolean() ? ReturnDocument.AFTER : ReturnDocument.BEFORE;
      boolean upsert = one && random.nextInt(4) == 0;
      if (upsert) {
        onInsert(spec, update);
      }
      FindOneAndUpdateOptions options =
          new FindOneAndUpdateOptions().sort(sort.spec()).returnDocument(returned).upsert(upsert);
      return Op.exact(
          spec.name
              + ".findOneAndUpdate("
              + filter.toJson(JSON)
              + ", "
              + update.toJson(JSON)
              + ", sort="
              + sort.spec().toJson(JSON)
              + ", returnDocument="
              + returned
              + ", upsert="
              + upsert
              + ")",
          db -> db.getCollection(spec.name).findOneAndUpdate(filter, update, options));
    }

    Op findOneAndReplace(Spec spec) {
      Document filter = byId(spec);
      Document replacement = newDocument(spec, filter.get("_id"));
      ReturnDocument returned = random.nextBoolean() ? ReturnDocument.AFTER : ReturnDocument.BEFORE;
      FindOneAndReplaceOptions options = new FindOneAndReplaceOptions().returnDocument(returned);
      return Op.exact(
          spec.name
              + ".findOneAndReplace("
              + filter.toJson(JSON)
              + ", "
              + replacement.toJson(JSON)
              + ", returnDocument="
              + returned
              + ")",
          db -> db.getCollection(spec.name).findOneAndReplace(filter, replacement, options));
    }

    Op findOneAndDelete(Spec spec) {
      boolean one = random.nextBoolean();
      Document filter = one ? byId(spec) : filter(spec);
      Sort sort = sort(spec, true);
      return Op.exact(
          spec.name
              + ".findOneAndDelete("
              + filter.toJson(JSON)
              + ", sort="
              + sort.spec().toJson(JSON)
              + ")",
          db ->
              db.getCollection(spec.name)
                  .findOneAndDelete(filter, new FindOneAndDeleteOptions().sort(sort.spec())));
    }

    Op findById(Spec spec) {
      Document filter = new Document("_id", idFor(spec));
      return Op.exact(
          spec.name + ".find(" + filter.toJson(JSON) + ").first()",
          db -> db.getCollection(spec.name).find(filter).first());
    }

    /** An index created once more, or one that clashes with an existing one. */
    Op indexAgain() {
      return switch (random.nextInt(5)) {
        case 0 -> index("things", new Document("u", 1), new IndexOptions().name("u").unique(true));
        case 1 -> index("things", new Document("u", 1), new IndexOptions().name("u"));
        // (A unique index on a plain field is not tried: when its build happens to succeed, an
        // updateMany that sets the field fails part way, and which documents it changed first is
        // up to each engine's order. Nor is a name in use for other keys: MongoDB refuses it, the
        // reference accepts it.)
        case 2 ->
            index("jobs", new Document("status", 1).append("createdMs", -1), new IndexOptions());
        case 3 -> index("books", new Document("title", 1).append("_id", 1), new IndexOptions());
        default ->
            index(
                "beers",
                new Document("type", 1).append("_id", 1),
                new IndexOptions().name("type_id"));
      };
    }

    // --- the stores' own shapes

    Op storeShaped() {
      return switch (random.nextInt(11)) {
        case 0 -> beerCount();
        case 1 -> beerPage();
        case 2 -> beerPurge();
        case 3 -> counterInc();
        case 4 -> counterSet();
        case 5 -> bookPage();
        case 6 -> jobClaim();
        case 7 -> jobList();
        case 8 -> jobReap();
        case 9 -> runList();
        default -> groupCount();
      };
    }

    /** BeerStore.list: a count and a page by type, sorted by id. */
    Op beerCount() {
      Document query =
          random.nextBoolean()
              ? new Document()
              : new Document("type", pick(List.of("small", "medium", "large", "huge")));
      return Op.exact(
          "beers.countDocuments(" + query.toJson(JSON) + ")",
          db -> db.getCollection("beers").countDocuments(query));
    }

    Op beerPage() {
      Document query =
          random.nextBoolean()
              ? new Document()
              : new Document("type", pick(List.of("small", "medium", "large", "huge")));
      int pageSize = 1 + random.nextInt(10);
      int skip = random.nextInt(4) * pageSize;
      return Op.exact(
          "beers.find("
              + query.toJson(JSON)
              + ").sort({_id: 1}).skip("
              + skip
              + ").limit("
              + pageSize
              + ")",
          db ->
              db.getCollection("beers")
                  .find(query)
                  .sort(new Document("_id", 1))
                  .skip(skip)
                  .limit(pageSize)
                  .into(new ArrayList<>()));
    }

    /** BeerStore.purge: the old beers' ids, tap and type; then deleteMany by $in of those ids. */
    Op beerPurge() {
      long before = time();
      Document old = new Document("_addedMs", new Document("$lt", before));
      Document fields = new Document("_id", 1).append("tapId", 1).append("type", 1);
      return new Op(
          "beers.find("
              + old.toJson(JSON)
              + ").projection("
              + fields.toJson(JSON)
              + ") and deleteMany({_id: {$in: those ids}})",
          db -> {
            MongoCollection<Document> beers = db.getCollection("beers");
            List<Document> found = beers.find(old).projection(fields).into(new ArrayList<>());
            List<Object> ids = found.stream().map(d -> d.get("_id")).toList();
            long removed =
                ids.isEmpty()
                    ? 0
                    : beers
                        .deleteMany(new Document("_id", new Document("$in", ids)))
                        .getDeletedCount();
            List<Document> answer = new ArrayList<>(found);
            answer.add(new Document("removed", removed));
            return answer;
          },
          false,
          List.of("removed"),
          0,
          0,
          null);
    }

    /** BeerStore.count: the sequence document, upserted by $inc with dotted paths. */
    Op counterInc() {
      Document inc = new Document("seq", (long) (1 + random.nextInt(3)));
      inc.put("tapCounts." + random.nextInt(4), (long) (random.nextInt(3) - 1));
      inc.put("typeCounts." + pick(List.of("small", "large")), 1L);
      Document filter = new Document("_id", pick(List.of("beers", "beers", "other")));
      FindOneAndUpdateOptions options =
          new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
      return Op.exact(
          "counters.findOneAndUpdate("
              + filter.toJson(JSON)
              + ", {$inc: "
              + inc.toJson(JSON)
              + "}, upsert, after)",
          db ->
              db.getCollection("counters")
                  .findOneAndUpdate(filter, new Document("$inc", inc), options));
    }

    /** BeerStore.recount: $set of whole sub-documents, upserted. */
    Op counterSet() {
      Document set =
          new Document(
                  "tapCounts", new Document("0", 3L).append(String.valueOf(random.nextInt(3)), 1L))
              .append("typeCounts", new Document("small", (long) random.nextInt(5)));
      return Op.exact(
          "counters.updateOne({_id: 'beers'}, {$set: " + set.toJson(JSON) + "}, upsert)",
          db ->
              updated(
                  db.getCollection("counters")
                      .updateOne(
                          new Document("_id", "beers"),
                          new Document("$set", set),
                          new UpdateOptions().upsert(true))));
    }

    /** BookStore.list: a sort on a field with the id breaking ties, skip and limit (0: none). */
    Op bookPage() {
      String field = pick(List.of("title", "author", "year", "read", "rating", "_id"));
      Document sort = new Document(field, random.nextBoolean() ? 1 : -1);
      if (!field.equals("_id")) {
        sort.append("_id", 1);
      }
      int skip = random.nextInt(10);
      int limit = random.nextInt(12);
      return Op.exact(
          "books.find({}).sort(" + sort.toJson(JSON) + ").skip(" + skip + ").limit(" + limit + ")",
          db ->
              db.getCollection("books")
                  .find()
                  .sort(sort)
                  .skip(skip)
                  .limit(limit)
                  .into(new ArrayList<>()));
    }

    /** JobQueueStore.claim: the oldest due job, queued → running, in one findOneAndUpdate. */
    Op jobClaim() {
      long now = time();
      Document due =
          new Document("status", "queued").append("runAfterMs", new Document("$lte", now));
      if (random.nextBoolean()) {
        due.append(
            "type",
            new Document(
                "$in",
                values(
                    () -> pick(List.of("email", "report", "thumbnail")), 1 + random.nextInt(2))));
      }
      Document update =
          new Document(
                  "$set",
                  new Document("status", "running")
                      .append("owner", pick(List.of("w1", "w2")))
                      .append("startedMs", now)
                      .append("leaseUntilMs", now + 1000))
              .append("$inc", new Document("attempts", 1));
      Document sort = new Document("runAfterMs", 1).append("createdMs", 1);
      FindOneAndUpdateOptions options =
          new FindOneAndUpdateOptions().sort(sort).returnDocument(ReturnDocument.AFTER);
      return Op.exact(
          "jobs.findOneAndUpdate("
              + due.toJson(JSON)
              + ", "
              + update.toJson(JSON)
              + ", sort="
              + sort.toJson(JSON)
              + ", after)",
          db -> db.getCollection("jobs").findOneAndUpdate(due, update, options));
    }

    /** JobQueueStore.list: newest first, by status and type, limited. */
    Op jobList() {
      Document query = new Document();
      if (random.nextBoolean()) {
        query.append("status", pick(List.of("queued", "running", "failed")));
      }
      if (random.nextBoolean()) {
        query.append("type", pick(List.of("email", "report")));
      }
      int limit = 1 + random.nextInt(20);
      return Op.exact(
          "jobs.find(" + query.toJson(JSON) + ").sort({createdMs: -1}).limit(" + limit + ")",
          db ->
              db.getCollection("jobs")
                  .find(query)
                  .sort(new Document("createdMs", -1))
                  .limit(limit)
                  .into(new ArrayList<>()));
    }

    /** JobQueueStore.reap: running jobs whose lease expired, limited, in no order. */
    Op jobReap() {
      Document expired =
          new Document("status", "running").append("leaseUntilMs", new Document("$lt", time()));
      int limit = 1 + random.nextInt(5);
      return new Op(
          "jobs.find(" + expired.toJson(JSON) + ").limit(" + limit + ")",
          db -> db.getCollection("jobs").find(expired).limit(limit).into(new ArrayList<>()),
          false,
          List.of(),
          0,
          limit,
          db -> db.getCollection("jobs").find(expired).into(new ArrayList<>()));
    }

    /** JobRunStore.list: newest first, without _id and startMs. */
    Op runList() {
      Document query =
          random.nextBoolean()
              ? new Document()
              : new Document("job", pick(List.of("purge", "reap")));
      int limit = 1 + random.nextInt(20);
      Document fields = new Document("_id", 0).append("startMs", 0);
      return Op.exact(
          "job_runs.find("
              + query.toJson(JSON)
              + ").sort({startMs: -1}).limit("
              + limit
              + ").projection("
              + fields.toJson(JSON)
              + ")",
          db ->
              db.getCollection("job_runs")
                  .find(query)
                  .sort(new Document("startMs", -1))
                  .limit(limit)
                  .projection(fields)
                  .into(new ArrayList<>()));
    }

    /** TaskStore.report and BeerStore.recount: a $group count, whose rows come in no order. */
    Op groupCount() {
      boolean beers = random.nextBoolean();
      String collection = beers ? "beers" : "jobs";
      // Not by tapId: ints and longs of one value make one group, whose _id is whichever came
      // first.
      Document id =
          beers
              ? new Document("type", "$type")
              : new Document("status", "$status").append("type", "$type");
      List<Document> pipeline =
          List.of(
              new Document(
                  "$group", new Document("_id", id).append("count", new Document("$sum", 1))));
      return new Op(
          collection + ".aggregate(" + render(pipeline) + ")",
          db -> db.getCollection(collection).aggregate(pipeline).into(new ArrayList<>()),
          false,
          List.of(),
          0,
          0,
          null);
    }
  }

  private static String updated(UpdateResult result) {
    return "matched="
        + result.getMatchedCount()
        + " modified="
        + result.getModifiedCount()
        + " upsertedId="
        + result.getUpsertedId();
  }

  private static String deleted(DeleteResult result) {
    return "deleted=" + result.getDeletedCount();
  }
}
