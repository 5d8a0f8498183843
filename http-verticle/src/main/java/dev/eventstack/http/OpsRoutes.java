package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Properties;

/**
 * What operators call: seed 000's {@code /ping}, liveness and readiness, Prometheus metrics, the
 * OpenAPI document, and an {@code /about} page.
 */
final class OpsRoutes {

  static final String VERSION = readVersion();
  private static final long PROBE_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final String openApi;

  OpsRoutes(Vertx vertx, String openApi) {
    this.vertx = vertx;
    this.openApi = openApi;
  }

  void mount(Router router) {
    router
        .get("/ping")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("pong"));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness()));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
    router.get("/metrics").handler(this::metrics);
    router
        .get("/openapi.json")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .end(openApi));
    router.get("/about").handler(this::about);
  }

  private HealthChecks liveness() {
    return HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
  }

  /** Ready when the database answers over the bus, and, in a cluster, the node sees members. */
  private HealthChecks readiness() {
    return HealthChecks.create(vertx)
        .register(
            "database",
            PROBE_TIMEOUT_MS,
            promise ->
                probe(
                    Addresses.Status.DB,
                    new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT_MS),
                    promise))
        .register(
            "cluster",
            PROBE_TIMEOUT_MS,
            promise ->
                probe(
                    Addresses.Status.CLUSTER,
                    new DeliveryOptions().setLocalOnly(true).setSendTimeout(PROBE_TIMEOUT_MS),
                    promise));
  }

  private void probe(String address, DeliveryOptions options, Promise<Status> promise) {
    vertx
        .eventBus()
        .<JsonObject>request(address, new JsonObject(), options)
        .onSuccess(reply -> promise.complete(Status.OK(summary(reply))))
        .onFailure(
            failure ->
                promise.complete(Status.KO(new JsonObject().put("error", failure.getMessage()))));
  }

  private static JsonObject summary(Message<JsonObject> reply) {
    JsonObject body = reply.body();
    JsonArray members = body.getJsonArray("members");
    return members == null ? body : new JsonObject().put("members", members.size());
  }

  private void metrics(RoutingContext ctx) {
    if (BackendRegistries.getDefaultNow() == null) {
      throw new ApiException(503, "Metrics are off on this node");
    }
    PrometheusScrapingHandler.create().handle(ctx);
  }

  private void about(RoutingContext ctx) {
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.Status.CLUSTER,
            new JsonObject(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(PROBE_TIMEOUT_MS))
        .map(reply -> reply.body().getJsonArray("members", new JsonArray()))
        .otherwise(new JsonArray())
        .onSuccess(
            members ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .end(aboutPage(members)));
  }

  private static String aboutPage(JsonArray members) {
    Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    StringBuilder items = new StringBuilder();
    members.forEach(
        member ->
            items
                .append("<li><code>")
                .append(escape(String.valueOf(member)))
                .append("</code></li>"));
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>About eventstack</title><link rel="stylesheet" href="/style.css"></head>
        <body><main>
        <h1>eventstack {version}</h1>
        <p>Up for <span id="uptime">{uptime}</span>.</p>
        <h2>Cluster members ({count})</h2><ul id="members">{members}</ul>
        <h2>Links</h2>
        <ul>
          <li><a href="/">The web UI</a></li>
          <li><a href="/openapi.json">The API (OpenAPI 3.1)</a></li>
          <li><a href="/health/ready">Readiness</a> and <a href="/metrics">metrics</a></li>
        </ul>
        </main></body></html>
        """
        .replace("{version}", escape(VERSION))
        .replace("{uptime}", uptime(uptime))
        .replace("{count}", String.valueOf(members.size()))
        .replace("{members}", items);
  }

  private static String uptime(Duration uptime) {
    return String.format(
        "%dd %02dh %02dm %02ds",
        uptime.toDays(), uptime.toHoursPart(), uptime.toMinutesPart(), uptime.toSecondsPart());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String readVersion() {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("/eventstack-version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
