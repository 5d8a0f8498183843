package dev.eventstack.launcher;

import dev.eventstack.db.DbVerticle;
import dev.eventstack.http.BridgeVerticle;
import dev.eventstack.http.HttpVerticle;
import dev.eventstack.scheduler.SchedulerVerticle;
import dev.eventstack.ws.WsVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Path;
import java.util.EnumSet;
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

  /** Deployment ids, the last started first. */
  private final List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();

  private EventStack(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
  }

  /**
   * Starts a node from command-line arguments, as {@code java -jar} would; a bad value or a
   * conflict throws {@link UsageException} before anything starts.
   */
  public static Future<EventStack> start(String... args) {
    return start(Cli.resolve(List.of(args), System.getenv()));
  }

  static Future<EventStack> start(NodeConfig node) {
    String taken = ClusterSetup.takenPort(node.cluster());
    if (taken != null) {
      // Before Hazelcast starts, which would fail with a page of stack traces instead.
      return Future.failedFuture(taken);
    }
    return createVertx(node)
        .compose(
            vertx ->
                Future.succeededFuture(withSharedPaths(node.config().copy()))
                    .compose(config -> withAuthKey(vertx, config))
                    // Off the event loop: a UDP log target's host name is resolved here.
                    .compose(
                        config ->
                            vertx.executeBlocking(
                                () -> {
                                  LoggingSetup.apply(
                                      config.getJsonObject("logging", new JsonObject()));
                                  LOG.info("effective config {}", Secrets.masked(config).encode());
                                  return config;
                                }))
                    .map(config -> new EventStack(vertx, config))
                    .compose(stack -> stack.deploy(node))
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

  private static Future<Vertx> createVertx(NodeConfig node) {
    VertxOptions vertxOptions = new VertxOptions().setMetricsOptions(metricsOptions());
    NodeConfig.Cluster cluster = node.cluster();
    if (!cluster.enabled()) {
      Vertx single = Vertx.builder().with(vertxOptions).build();
      ClusterSetup.answerStatus(single, null);
      return Future.succeededFuture(single);
    }
    // The event bus binds the same address as Hazelcast, on a free port that it announces.
    vertxOptions.getEventBusOptions().setHost(cluster.host()).setPort(0);
    ClusterManager manager = ClusterSetup.clusterManager(cluster);
    return Vertx.builder()
        .with(vertxOptions)
        .withClusterManager(manager)
        .buildClustered()
        .onSuccess(
            vertx -> {
              ClusterSetup.logMembership(manager, cluster.name());
              ClusterSetup.answerStatus(vertx, manager);
            });
  }

  /**
   * Micrometer metrics for Prometheus: HTTP requests by route and status, event-bus messages,
   * pools, open WebSockets. The per-socket outbox addresses fold into one label value.
   */
  private static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(
            EnumSet.of(
                Label.HTTP_ROUTE,
                Label.HTTP_CODE,
                Label.HTTP_METHOD,
                Label.EB_ADDRESS,
                Label.EB_FAILURE,
                Label.POOL_TYPE,
                Label.POOL_NAME));
  }

  /** The scheduler writes its exports next to the database's files unless told otherwise. */
  private static JsonObject withSharedPaths(JsonObject config) {
    JsonObject scheduler = config.getJsonObject("scheduler", new JsonObject());
    if (!scheduler.containsKey("dataDir")) {
      scheduler.put("dataDir", dataDir(config));
      config.put("scheduler", scheduler);
    }
    return config;
  }

  private static String dataDir(JsonObject config) {
    return config.getJsonObject("db", new JsonObject()).getString("dataDir", "data");
  }

  /** With auth on, gives the http-verticle its key (see {@link AuthKey}), read off the loop. */
  private static Future<JsonObject> withAuthKey(Vertx vertx, JsonObject config) {
    JsonObject auth = config.getJsonObject("http", new JsonObject()).getJsonObject("auth");
    if (auth == null || !auth.getBoolean("enabled", false) || auth.getString("key") != null) {
      return Future.succeededFuture(config);
    }
    return vertx
        .executeBlocking(() -> AuthKey.resolve(System.getenv(), Path.of(dataDir(config))))
        .map(
            key -> {
              auth.put("key", key);
              return config;
            });
  }

  /** Deploys in dependency order, so that the port opens only once the API can be served. */
  private Future<EventStack> deploy(NodeConfig node) {
    int instances = node.instances();
    Future<String> chain = Future.succeededFuture();
    if (node.runs("db")) {
      chain = chain.compose(v -> deploy("db", DbVerticle::new, 1));
    }
    if (node.runs("ws")) {
      // One per node: it only turns each event into frames; the http instances write them.
      chain = chain.compose(v -> deploy("ws", WsVerticle::new, 1));
    }
    if (node.runs("scheduler")) {
      chain = chain.compose(v -> deploy("scheduler", SchedulerVerticle::new, 1));
    }
    if (node.runs("http")) {
      chain = chain.compose(v -> deploy("http", HttpVerticle::new, instances));
      int bridgePort =
          config
              .getJsonObject("http", new JsonObject())
              .getJsonObject("bridge", new JsonObject())
              .getInteger("port", 0);
      if (bridgePort > 0) {
        chain = chain.compose(v -> deploy("http", BridgeVerticle::new, 1));
      }
    }
    return chain.map(
        v -> {
          JsonObject http = config.getJsonObject("http", new JsonObject());
          boolean ssl = http.getJsonObject("ssl", new JsonObject()).getBoolean("enabled", false);
          LOG.info(
              "eventstack ready verticles={} instances={} cluster={} url={}://{}:{}/",
              String.join(",", node.verticles()),
              instances,
              node.cluster().enabled() ? node.cluster().name() : "off",
              ssl ? "https" : "http",
              http.getString("host"),
              http.getInteger("port"));
          return this;
        });
  }

  private Future<String> deploy(String section, Supplier<? extends Deployable> verticle, int n) {
    DeploymentOptions deployment =
        new DeploymentOptions()
            .setInstances(n)
            .setConfig(config.getJsonObject(section, new JsonObject()));
    return vertx.deployVerticle(verticle, deployment).onSuccess(id -> deployments.add(0, id));
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops gracefully: the verticles are undeployed in the reverse order of their start, so HTTP
   * stops taking connections and drains its requests while the database still answers, and the
   * workers give up their leases; then the node leaves the cluster and the embedded database is
   * committed and closed.
   */
  public Future<Void> close() {
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : List.copyOf(deployments)) {
      undeployed =
          undeployed.eventually(
              () ->
                  vertx
                      .undeploy(id)
                      .onFailure(e -> LOG.warn("undeploy failed: {}", e.getMessage())));
    }
    return undeployed.eventually(
        () -> {
          LOG.info("eventstack stopping: verticles undeployed, leaving");
          return vertx.close();
        });
  }
}
