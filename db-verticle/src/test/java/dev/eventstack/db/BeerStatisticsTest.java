package dev.eventstack.db;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.RequestConsumers;
import dev.eventstack.contract.SocketEvents;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The beer statistics alone on the bus: a {@link BeerStore} over its own embedded database, with
 * test consumers on the beer events around it standing in for the ws-verticle, and a Mongo client
 * whose inserts the test can make fail.
 */
@ExtendWith(VertxExtension.class)
class BeerStatisticsTest {

  /** Seed 003's example: after these taps it sent exactly {@link #SEED_STATISTICS}. */
  private static final long[] TAPS = {2, 1, 2, 2, 1, 3, 2, 2, 1, 2};

  private static final String SEED_STATISTICS =
      "{\"tap 2\": \"60.0%\", \"tap 1\": \"30.0%\", \"tap 3\": \"10.0%\", \"total beers\": 10}";

  @TempDir Path dataDir;
  private Vertx vertx;
  private EmbeddedMongo store;
  private MongoClient mongo;
  private final AtomicBoolean insertsFail = new AtomicBoolean();
  private final AtomicBoolean bulkInsertsFailHalfWay = new AtomicBoolean();
  private String deployment;
  private final BlockingQueue<JsonObject> added = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonObject> statistics = new LinkedBlockingQueue<>();
  private final List<MessageConsumer<JsonObject>> listeners = new ArrayList<>();

  @BeforeEach
  void open(Vertx vertx) throws Exception {
    this.vertx = vertx;
    store = vertx.executeBlocking(() -> EmbeddedMongo.start(dataDir)).await(20, SECONDS);
    MongoClient real =
        MongoClient.create(
            vertx, new JsonObject().put("connection_string", store.connectionString("test")));
    mongo = failingInsertsOf(real);
    listeners.add(vertx.eventBus().consumer(Addresses.Events.BEER_ADDED, m -> added.add(m.body())));
    listeners.add(
        vertx.eventBus().consumer(Addresses.Events.BEER_STATS, m -> statistics.add(m.body())));
    for (MessageConsumer<JsonObject> listener : listeners) {
      listener.completion().await(5, SECONDS);
    }
    deployment = deployStore(false);
  }

  @AfterEach
  void close() throws Exception {
    if (deployment != null) {
      vertx.undeploy(deployment).await(20, SECONDS);
    }
    mongo.close().await(10, SECONDS);
    vertx
        .executeBlocking(
            () -> {
              store.stop();
              return null;
            })
        .await(20, SECONDS);
  }

  /**
   * The client, but its inserts fail while {@link #insertsFail} is set, and its bulk writes store
   * their first document and then fail while {@link #bulkInsertsFailHalfWay} is.
   */
  private MongoClient failingInsertsOf(MongoClient real) {
    Set<String> inserts = Set.of("insert", "bulkWrite");
    return (MongoClient)
        Proxy.newProxyInstance(
            MongoClient.class.getClassLoader(),
            new Class<?>[] {MongoClient.class},
            (proxy, method, args) -> {
              if (insertsFail.get() && inserts.contains(method.getName())) {
                return Future.failedFuture(new IllegalStateException("insert failed on purpose"));
              }
              if (bulkInsertsFailHalfWay.get() && method.getName().equals("bulkWrite")) {
                JsonObject first =
                    ((List<?>) args[1])
                        .stream()
                            .map(operation -> ((BulkOperation) operation).getDocument())
                            .findFirst()
                            .orElseThrow();
                return real.insert((String) args[0], first)
                    .compose(v -> Future.failedFuture(new IllegalStateException("half-way")));
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The store alone, on a context of its own, as the db-verticle would run it. */
  private String deployStore(boolean countsTrusted) throws Exception {
    Durability commit =
        () ->
            vertx.executeBlocking(
                () -> {
                  store.commit();
                  return null;
                });
    return vertx
        .deployVerticle(
            new VerticleBase() {
              @Override
              public Future<?> start() {
                RequestConsumers requests =
                    new RequestConsumers(vertx.eventBus(), MongoFailures::answerFor);
                return new BeerStore(
                        vertx.eventBus(), requests, mongo, commit, new ReadCache<>(100))
                    .register(countsTrusted);
              }
            })
        .await(20, SECONDS);
  }

  private void restart(boolean countsTrusted) throws Exception {
    vertx.undeploy(deployment).await(20, SECONDS);
    deployment = null;
    deployment = deployStore(countsTrusted);
  }

  private JsonObject request(String address, JsonObject body) throws Exception {
    Future<Message<JsonObject>> reply = vertx.eventBus().request(address, body);
    return reply.await(10, SECONDS).body();
  }

  private long pour(long tapId, double volume) throws Exception {
    return request(Addresses.Beers.ADD, BeerMessages.add(tapId, volume))
        .getJsonObject(BeerMessages.BEER)
        .getLong(BeerMessages.ID);
  }

  private JsonObject stats() throws Exception {
    return request(Addresses.Beers.STATS, new JsonObject());
  }

  private static List<String> tapOrder(JsonObject stats) {
    return new ArrayList<>(stats.getJsonObject(BeerMessages.TAPS).fieldNames());
  }

  private static String seedText(JsonObject stats) {
    return SocketEvents.beerStats(stats).in(SocketMessages.FORMAT_TEXT).get(0);
  }

  private void pourSeedExample() throws Exception {
    for (int i = 0; i < TAPS.length; i++) {
      assertEquals(i, pour(TAPS[i], i < 2 ? 250 : 500), "ids from 0 up");
    }
  }

  @Test
  void theTenthBeerSendsTheTapsInFirstPourOrderAsSeed003Did() throws Exception {
    pourSeedExample();

    JsonObject sent = statistics.poll(5, SECONDS);
    assertEquals(
        new JsonObject()
            .put(BeerMessages.TOTAL, 10L)
            .put(BeerMessages.TAPS, new JsonObject().put("2", 60.0).put("1", 30.0).put("3", 10.0))
            .put(
                BeerMessages.TYPES,
                new JsonObject().put("half", 2L).put("pint", 8L).put("stein", 0L)),
        sent);
    assertEquals(List.of("2", "1", "3"), tapOrder(sent));
    assertEquals(SEED_STATISTICS, seedText(sent));
    assertEquals(10, added.size(), "every beer announced");
    assertNull(statistics.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS), "stats once");
    assertEquals(SEED_STATISTICS, seedText(stats()), "the same on demand");
  }

  @Test
  void aTenthBeerWrittenWithOthersSendsTheStatisticsAsTheyStoodRightAfterIt() throws Exception {
    JsonArray batch = new JsonArray();
    for (long tap : TAPS) {
      batch.add(BeerMessages.add(tap, 500));
    }
    batch.add(BeerMessages.add(9, 500)).add(BeerMessages.add(2, 500));

    request(Addresses.Beers.ADD_BATCH, new JsonObject().put(BeerMessages.BEERS, batch));

    assertEquals(
        SEED_STATISTICS, seedText(statistics.poll(5, SECONDS)), "beers 10 and 11 left out");
    assertEquals(
        "{\"tap 2\": \"58.33%\", \"tap 1\": \"25.0%\", \"tap 3\": \"8.33%\", \"tap 9\": \"8.33%\","
            + " \"total beers\": 12}",
        seedText(stats()));
  }

  @Test
  void theOrderSurvivesARestartAndTheCountAtStartAfterAnUncleanOne() throws Exception {
    pourSeedExample();
    restart(true);
    assertEquals(SEED_STATISTICS, seedText(stats()), "kept after a clean stop");

    // An unclean stop: the tap counts still add up, the types are counted again.
    restart(false);
    assertEquals(SEED_STATISTICS, seedText(stats()));

    // A crash between an insert and its count: one more beer of tap 3, not counted.
    request(Addresses.Beers.ADD, BeerMessages.add(3, 500));
    mongo
        .updateCollection(
            BeerCounts.COLLECTION,
            new JsonObject().put("_id", "beers"),
            new JsonObject()
                .put("$inc", new JsonObject().put("tapCounts.3", -1).put("typeCounts.pint", -1)))
        .await(10, SECONDS);
    restart(false);
    assertEquals(
        "{\"tap 2\": \"54.55%\", \"tap 1\": \"27.27%\", \"tap 3\": \"18.18%\", \"total beers\": 11}",
        seedText(stats()), "counted again from the beers, first pours from their ids");
  }

  @Test
  void aDatabaseWithoutFirstPoursGetsThemFromTheBeersAtStart() throws Exception {
    pourSeedExample();
    request(Addresses.Beers.DELETE, BeerMessages.byId(0)); // tap 2's first beer
    // As an older version left it: counts, but no first pours.
    mongo
        .updateCollection(
            BeerCounts.COLLECTION,
            new JsonObject().put("_id", "beers"),
            new JsonObject().put("$unset", new JsonObject().put("tapFirstIds", "")))
        .await(10, SECONDS);

    restart(true);

    JsonObject stats = stats();
    assertEquals(List.of("1", "2", "3"), tapOrder(stats), "tap 1's beer 1 is now the first");
    assertEquals(9L, stats.getLong(BeerMessages.TOTAL));
  }

  @Test
  void aRecountFromTheBeersKeepsTheFirstPours() throws Exception {
    pourSeedExample();
    BeerCounts counts = new BeerCounts(mongo, Durability.WRITE_CONCERN, BeerStore.COLLECTION);
    mongo
        .updateCollection(
            BeerCounts.COLLECTION,
            new JsonObject().put("_id", "beers"),
            new JsonObject().put("$set", new JsonObject().put("tapCounts", new JsonObject())))
        .await(10, SECONDS);
    assertEquals(0L, counts.stats().await(10, SECONDS).getLong(BeerMessages.TOTAL));

    counts.recount().await(10, SECONDS);

    assertEquals(SEED_STATISTICS, seedText(counts.stats().await(10, SECONDS)));
  }

  @Test
  void aFailedInsertLeavesTheIdsAndTheStatisticsAsTheyWere() throws Exception {
    pour(1, 200);
    pour(2, 500);
    JsonObject before = stats();
    added.clear();

    insertsFail.set(true);
    ReplyException single =
        assertThrows(
            ReplyException.class, () -> request(Addresses.Beers.ADD, BeerMessages.add(3, 900)));
    JsonArray batch = new JsonArray().add(BeerMessages.add(3, 900)).add(BeerMessages.add(4, 900));
    ReplyException bulk =
        assertThrows(
            ReplyException.class,
            () ->
                request(
                    Addresses.Beers.ADD_BATCH, new JsonObject().put(BeerMessages.BEERS, batch)));
    insertsFail.set(false);

    assertEquals(BusError.INTERNAL.code, single.failureCode(), single.getMessage());
    assertEquals(BusError.INTERNAL.code, bulk.failureCode(), bulk.getMessage());
    assertEquals(before, stats(), "the statistics count no beer that is not stored");
    assertEquals(0, added.size(), "no beer announced");
    assertEquals(2L, pour(3, 900), "the ids go on where they were");
    assertEquals(3L, stats().getLong(BeerMessages.TOTAL));
  }

  /** A shared MongoDB can store part of a bulk insert: those ids must never be drawn again. */
  @Test
  void aBulkInsertThatFailsHalfWayKeepsItsIdsSoNoIdIsDrawnTwice() throws Exception {
    pour(1, 200);
    JsonObject before = stats();

    bulkInsertsFailHalfWay.set(true);
    JsonArray batch = new JsonArray().add(BeerMessages.add(3, 900)).add(BeerMessages.add(4, 900));
    assertThrows(
        ReplyException.class,
        () -> request(Addresses.Beers.ADD_BATCH, new JsonObject().put(BeerMessages.BEERS, batch)));
    bulkInsertsFailHalfWay.set(false);

    assertEquals(3L, pour(5, 500), "ids 1 and 2 stay drawn: beer 1 is stored");
    assertEquals(
        3L,
        request(Addresses.Beers.GET, BeerMessages.byId(1)).getJsonObject("beer").getLong("tapId"));
    assertEquals(
        before.getLong(BeerMessages.TOTAL) + 1,
        stats().getLong(BeerMessages.TOTAL),
        "the half-stored beer is not counted: the counts are low, never high");
  }

  @Test
  void aDeleteUncountsItsBeerOnceAndAnUnknownIdNothing() throws Exception {
    pourSeedExample();
    statistics.clear();

    request(Addresses.Beers.DELETE, BeerMessages.byId(5)); // tap 3's only beer
    ReplyException unknown =
        assertThrows(
            ReplyException.class, () -> request(Addresses.Beers.DELETE, BeerMessages.byId(5)));

    assertEquals(BusError.NOT_FOUND.code, unknown.failureCode());
    JsonObject stats = stats();
    assertEquals(9L, stats.getLong(BeerMessages.TOTAL));
    assertEquals(List.of("2", "1"), tapOrder(stats), "a tap with no beer left drops out");
    assertEquals(7L, stats.getJsonObject(BeerMessages.TYPES).getLong("pint"));
  }

  @Test
  void whatComesOverTheBusMeetsTheContractsRulesWithTheirMessages() throws Exception {
    ReplyException tap =
        assertThrows(
            ReplyException.class,
            () -> request(Addresses.Beers.ADD, new JsonObject("{\"tapId\":-1,\"volume\":500}")));
    ReplyException volume =
        assertThrows(
            ReplyException.class,
            () ->
                request(
                    Addresses.Beers.ADD_BATCH,
                    new JsonObject(
                        "{\"beers\":[{\"tapId\":1,\"volume\":500},{\"tapId\":1,\"volume\":5}]}")));

    assertEquals(BusError.INVALID.code, tap.failureCode());
    assertEquals("tapId: expected an integer >= 0", tap.getMessage());
    assertEquals("beers[1].volume: 5.0 ml is outside 100-1000 ml", volume.getMessage());
    assertEquals(0L, stats().getLong(BeerMessages.TOTAL));
    assertEquals(0L, pour(1, 500), "refusals use up no id");
  }
}
