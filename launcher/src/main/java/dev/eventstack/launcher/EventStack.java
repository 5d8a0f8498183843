package dev.eventstack.launcher;

import dev.eventstack.db.DbVerticle;
import dev.eventstack.http.HttpVerticle;
import dev.eventstack.scheduler.SchedulerVerticle;
import dev.eventstack.ws.WsVerticle;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one node: a Vert.x instance (clustered or not), its configuration, and the verticles it
 * runs. The verticles know nothing of each other; they meet only on the event bus.
 */
public final class EventStack {

  private static final Logger LOG = LoggerFactory.getLogger(EventStack.class);

  private final Vertx vertx;
  private final JsonObject config;

  private EventStack(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Starts a node from command-line arguments, as {@code java -jar} would. */
  public static Future<EventStack> start(String... args) {
    return start(LaunchOptions.parse(List.of(args), System.getenv()));
  }

  static Future<EventStack> start(LaunchOptions options) {
    return createVertx(options)
        .compose(
            vertx ->
                loadConfig(vertx, options)
                    .compose(config -> withAuthKey(vertx, config, options))
                    .map(config -> new EventStack(vertx, config))
                    .compose(stack -> stack.deploy(options))
                    .onFailure(failure -> abandon(vertx, failure)));
  }

  /**
   * Closes a node that failed to start. The caller is not made to wait for it: the close ends the
   * event loops that would deliver its completion.
   */
  private static void abandon(Vertx vertx, Throwable failure) {
    LOG.error("eventstack failed to start: {}", failure.getMessage(), failure);
    vertx.close();
  }

  private static Future<Vertx> createVertx(LaunchOptions options) {
    VertxOptions vertxOptions = new VertxOptions();
    if (!options.cluster()) {
      Vertx single = Vertx.builder().with(vertxOptions).build();
      ClusterSetup.answerStatus(single, null);
      return Future.succeededFuture(single);
    }
    // The event bus binds the same address as Hazelcast, on a free port that it announces.
    vertxOptions.getEventBusOptions().setHost(options.clusterHost()).setPort(0);
    ClusterManager manager = ClusterSetup.clusterManager(options);
    return Vertx.builder()
        .with(vertxOptions)
        .withClusterManager(manager)
        .buildClustered()
        .onSuccess(vertx -> {
          ClusterSetup.logMembership(manager, options.clusterName());
          ClusterSetup.answerStatus(vertx, manager);
        });
  }

  /**
   * The configuration, read once: {@code application.json} (shipped in the jar, from
   * {@code conf/}), then the {@code --config} file, then the command line on top.
   */
  private static Future<JsonObject> loadConfig(Vertx vertx, LaunchOptions options) {
    ConfigStoreOptions defaults =
        new ConfigStoreOptions()
            .setType("file")
            .setFormat("json")
            .setConfig(new JsonObject().put("path", "application.json"));
    ConfigStoreOptions commandLine =
        new ConfigStoreOptions().setType("json").setConfig(commandLineConfig(options));
    ConfigRetrieverOptions layers = new ConfigRetrieverOptions().addStore(defaults);
    if (options.configFile() != null) {
      layers.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", options.configFile().toString())));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, layers.addStore(commandLine));
    return retriever.getConfig().eventually(retriever::close);
  }

  private static JsonObject commandLineConfig(LaunchOptions options) {
    JsonObject db = new JsonObject().put("dataDir", options.dataDir().toString());
    if (!options.sampleData()) {
      db.put("sampleData", false);
    }
    if (options.dbUrl() != null) {
      db.put("url", options.dbUrl());
    }
    JsonObject http = new JsonObject().put("host", options.host()).put("port", options.port());
    if (options.auth()) {
      http.put("auth", new JsonObject().put("enabled", true));
    }
    JsonObject scheduler = new JsonObject().put("dataDir", options.dataDir().toString());
    if (options.statsInterval() != null) {
      JsonObject beerStats = options.statsInterval().equals(LaunchOptions.OFF)
          ? new JsonObject().put("enabled", false)
          : new JsonObject().put("every", options.statsInterval());
      scheduler.put("jobs", new JsonObject().put("beer-stats", beerStats));
    }
    if (options.workers() != null) {
      scheduler.put("workers", new JsonObject().put("concurrency", options.workers()));
    }
    return new JsonObject().put("http", http).put("db", db).put("scheduler", scheduler);
  }

  /** With auth on, gives the http-verticle its key (see {@link AuthKey}), read off the loop. */
  private static Future<JsonObject> withAuthKey(Vertx vertx, JsonObject config,
      LaunchOptions options) {
    JsonObject auth = config.getJsonObject("http", new JsonObject()).getJsonObject("auth");
    if (auth == null || !auth.getBoolean("enabled", false) || auth.getString("key") != null) {
      return Future.succeededFuture(config);
    }
    return vertx
        .executeBlocking(() -> AuthKey.resolve(System.getenv(), options.dataDir()))
        .map(key -> {
          auth.put("key", key);
          return config;
        });
  }

  /** Deploys in dependency order, so that the port opens only once the API can be served. */
  private Future<EventStack> deploy(LaunchOptions options) {
    int instances = options.effectiveInstances();
    Future<String> chain = Future.succeededFuture();
    if (options.runs("db")) {
      chain = chain.compose(v -> deploy("db", DbVerticle::new, 1));
    }
    if (options.runs("ws")) {
      chain = chain.compose(v -> deploy("ws", WsVerticle::new, instances));
    }
    if (options.runs("scheduler")) {
      chain = chain.compose(v -> deploy("scheduler", SchedulerVerticle::new, 1));
    }
    if (options.runs("http")) {
      chain = chain.compose(v -> deploy("http", HttpVerticle::new, instances));
    }
    return chain.map(
        v -> {
          LOG.info(
              "eventstack ready verticles={} instances={} cluster={} url=http://{}:{}/",
              String.join(",", options.verticles()),
              instances,
              options.cluster() ? options.clusterName() : "off",
              options.host(),
              options.port());
          return this;
        });
  }

  private Future<String> deploy(String section, Supplier<? extends Deployable> verticle, int n) {
    DeploymentOptions deployment =
        new DeploymentOptions()
            .setInstances(n)
            .setConfig(config.getJsonObject(section, new JsonObject()));
    return vertx.deployVerticle(verticle, deployment);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Undeploys every verticle (which commits and closes the embedded database) and leaves. */
  public Future<Void> close() {
    return vertx.close();
  }
}
