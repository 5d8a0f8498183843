package dev.eventstack.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.JobTypes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route the http-verticle serves is in {@code openapi.json}, and nothing else is. The
 * black-box {@code OpenApiRoutesTest} calls every documented operation on a running node.
 */
@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {

  private static JsonObject document() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute(Vertx vertx) throws Exception {
    HttpVerticle verticle = new HttpVerticle();
    vertx
        .deployVerticle(
            verticle, new DeploymentOptions().setConfig(new JsonObject().put("port", freePort())))
        .await(20, SECONDS);

    Set<String> served = new TreeSet<>();
    for (Route route : verticle.routes()) {
      String path = route.getPath();
      if (path == null
          || path.endsWith("*")
          || route.methods() == null
          || route.methods().isEmpty()) {
        continue; // the request log, the static files, and the 405 fallbacks
      }
      String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        served.add(method.name().toLowerCase(Locale.ROOT) + " " + openApiPath);
      }
    }
    Set<String> documented = new TreeSet<>();
    JsonObject paths = document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (!key.equals("parameters")) {
          documented.add(key + " " + path);
        }
      }
    }
    // A handler on one instance of a documented template (the token check on /sockets/beers)
    // is that template's route.
    Set<String> servedOperations = new TreeSet<>();
    for (String operation : served) {
      servedOperations.add(
          documented.stream()
              .filter(d -> operation.matches(d.replaceAll("\\{[A-Za-z]+}", "[^/]+")))
              .findFirst()
              .orElse(operation));
    }
    assertEquals("3.1.0", document().getString("openapi"));
    assertTrue(documented.size() >= 30, documented.toString());
    assertEquals(documented, servedOperations);
  }

  /** The web UI's Jobs view offers the types this document lists: they are the contract's. */
  @Test
  void theJobTypesAreTheContracts() throws Exception {
    JsonArray listed =
        document()
            .getJsonObject("paths")
            .getJsonObject("/jobs")
            .getJsonObject("post")
            .getJsonObject("requestBody")
            .getJsonObject("content")
            .getJsonObject("application/json")
            .getJsonObject("schema")
            .getJsonObject("properties")
            .getJsonObject("type")
            .getJsonArray("enum");
    Set<Object> types = new TreeSet<>();
    listed.forEach(types::add);
    assertEquals(
        new TreeSet<Object>(JobTypes.names()), types, "the job types of openapi.json and JobTypes");
  }
}
