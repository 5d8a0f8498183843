package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.RequestConsumers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that touches MongoDB. It opens the database (the embedded default, or the one named
 * by {@code db.url}) and answers the data addresses of the contract.
 *
 * <p>Deploy one instance per node: the Mongo client is asynchronous and pools its own connections,
 * and with the embedded default there must be exactly one owner of the database file.
 */
public final class DbVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DbVerticle.class);

  /**
   * Cluster-wide lock held by the node that owns the embedded database. A second owner would serve
   * a second, different database behind the same addresses, so it must refuse to start.
   */
  static final String EMBEDDED_OWNER_LOCK = "eventstack.embedded-db-owner";

  /** How long a stop waits for the beer writes in flight before it gives up vouching for counts. */
  private static final long QUIESCE_MS = 5_000;

  private EmbeddedMongo embedded;
  private Lock ownership;
  private MongoClient mongo;
  private Durability durability;
  private BeerStore beers;

  @Override
  public Future<?> start() {
    DbConfig config = DbConfig.from(config());
    return openDatabase(config)
        .compose(
            opened -> {
              durability = opened;
              // The embedded database's counts are trusted only after a clean stop (see
              // CleanShutdown); a shared MongoDB's always are, as no node can tell.
              if (embedded == null) {
                return Future.succeededFuture(true);
              }
              // The first operation of a new client loads more of the driver: it is issued from
              // a worker thread too, and what follows it runs on this verticle's event loop.
              return vertx
                  .executeBlocking(() -> CleanShutdown.take(mongo, durability))
                  .compose(taken -> taken);
            })
        .compose(countsTrusted -> registerConsumers(durability, config, countsTrusted))
        .onSuccess(
            v ->
                LOG.info(
                    "db-verticle started database={} store={}",
                    config.databaseName(),
                    config.embedded() ? "embedded:" + config.dataDir() : "external"));
  }

  private Future<Durability> openDatabase(DbConfig config) {
    if (!config.embedded()) {
      return connect(config, config.url()).map(v -> Durability.WRITE_CONCERN);
    }
    return claimEmbeddedOwnership()
        .compose(v -> vertx.executeBlocking(() -> EmbeddedMongo.start(config.dataDir())))
        .compose(
            started -> {
              embedded = started;
              DbMetrics.store(started.stats());
              return connect(config, started.connectionString(config.databaseName()))
                  .map(
                      v -> {
                        GroupCommit groupCommit = new GroupCommit(context, started::commit);
                        return groupCommit::durable;
                      });
            });
  }

  /**
   * Creates the client on a worker: the first one loads the whole MongoDB driver, which can hold a
   * busy machine's event loop for seconds.
   */
  private Future<Void> connect(DbConfig config, String url) {
    return vertx
        .executeBlocking(() -> MongoClient.create(vertx, clientConfig(config, url)))
        .map(
            client -> {
              mongo = client;
              return null;
            });
  }

  private Future<Void> claimEmbeddedOwnership() {
    return vertx
        .sharedData()
        .getLockWithTimeout(EMBEDDED_OWNER_LOCK, 1000)
        .recover(
            timeout ->
                Future.failedFuture(
                    new IllegalStateException(
                        "another node of this cluster already runs the embedded database; give"
                            + " this node --db-url for a shared MongoDB, or leave 'db' out of"
                            + " --verticles")))
        .map(
            lock -> {
              ownership = lock;
              return null;
            });
  }

  private static JsonObject clientConfig(DbConfig config, String connectionString) {
    return new JsonObject()
        .put("connection_string", connectionString)
        .put("db_name", config.databaseName())
        .put("serverSelectionTimeoutMS", config.serverSelectionTimeoutMs());
  }

  private Future<Void> registerConsumers(
      Durability durability, DbConfig config, boolean countsTrusted) {
    boolean sampleData = config.sampleData();
    int cached = config.cacheEntries();
    RequestConsumers requests = new RequestConsumers(vertx.eventBus(), MongoFailures::answerFor);
    TaskStore tasks =
        new TaskStore(vertx.eventBus(), requests, mongo, durability, new ReadCache<>(cached));
    beers = new BeerStore(vertx.eventBus(), requests, mongo, durability, new ReadCache<>(cached));
    BookStore books = new BookStore(vertx, requests, mongo, durability, new ReadCache<>(cached));
    JobQueueStore jobs = new JobQueueStore(vertx, requests, mongo, durability);
    JobRunStore runs = new JobRunStore(requests, mongo);
    ResourceStore resources = new ResourceStore(requests, mongo, durability);
    return Future.all(
            List.of(
                tasks.register(),
                beers.register(countsTrusted),
                books.register(sampleData),
                jobs.register(),
                runs.register(),
                resources.register(),
                requests.serve(Addresses.Status.DB, this::status).completion()))
        .mapEmpty();
  }

  /**
   * The embedded database's last write: the marker that tells the next start its counts are right.
   * Left only when the beer store stopped with no count change in flight or failed; else the next
   * start counts again, which costs a few count queries.
   */
  private Future<Void> leaveCleanShutdownMarker() {
    if (embedded == null || beers == null) {
      return Future.succeededFuture();
    }
    return beers
        .quiesce()
        .timeout(QUIESCE_MS, TimeUnit.MILLISECONDS)
        .otherwise(
            failure -> {
              LOG.warn("beer writes still in flight at stop: {}", failure.getMessage());
              return false;
            })
        .compose(
            countsRight -> {
              if (!countsRight) {
                LOG.warn("beer statistics not vouched for at stop: the next start counts again");
                return Future.succeededFuture();
              }
              return CleanShutdown.leave(mongo, durability);
            })
        .otherwise(
            failure -> {
              LOG.warn("clean-shutdown marker not written: {}", failure.getMessage());
              return null;
            });
  }

  private Future<JsonObject> status(Message<JsonObject> message) {
    return mongo
        .runCommand("ping", new JsonObject().put("ping", 1))
        .map(pong -> new JsonObject().put("ok", true).put("embedded", embedded != null));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed =
        mongo == null
            ? Future.succeededFuture()
            : leaveCleanShutdownMarker().eventually(mongo::close);
    if (embedded == null) {
      return closed;
    }
    EmbeddedMongo store = embedded;
    return closed
        .eventually(
            () ->
                vertx.executeBlocking(
                    () -> {
                      store.commit();
                      store.stop();
                      return null;
                    }))
        .onComplete(v -> ownership.release());
  }
}
