package dev.eventstack.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.JobTypes;
import dev.eventstack.contract.ResourceMessages;
import dev.eventstack.contract.TaskMessages;
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
import java.util.Map;
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

  private static JsonObject contractSchema(String resource) throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/" + resource)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The body shapes come from the contract's files, and the enums from its constants. */
  @Test
  void theServedDocumentTakesEveryShapeFromTheContract() throws IOException {
    JsonObject task = contractSchema(TaskMessages.SCHEMA_RESOURCE);
    JsonObject book = contractSchema(BookMessages.SCHEMA_RESOURCE);
    JsonObject resource = contractSchema(ResourceMessages.SCHEMA_RESOURCE);
    JsonObject source = document();
    JsonObject served =
        OpenApiDocument.bundle(
            source,
            Map.of(
                task.getString("$id"), task,
                book.getString("$id"), book,
                resource.getString("$id"), resource));

    JsonObject sourceSchemas = source.getJsonObject("components").getJsonObject("schemas");
    assertEquals(
        new JsonObject().put("$ref", task.getString("$id")), sourceSchemas.getValue("Task"));
    assertFalse(source.encode().contains("\"maxLength\""), "the source copies a schema rule");

    JsonObject schemas = served.getJsonObject("components").getJsonObject("schemas");
    JsonObject expectedTask = task.copy();
    expectedTask.remove("$schema");
    expectedTask.remove("$id");
    assertEquals(expectedTask, schemas.getJsonObject("Task"));
    assertEquals(
        resource.getJsonObject("properties").getJsonObject("name"),
        schemas.getJsonObject("ResourceView").getJsonObject("properties").getJsonObject("name"));
    assertFalse(served.encode().contains("https://eventstack.dev/schemas/"), served.encode());
    assertEquals(
        new JsonArray(JobTypes.names().stream().sorted().toList()),
        schemas.getJsonObject("JobType").getJsonArray("enum"));
    assertEquals(
        new JsonArray(BookMessages.FIELDS),
        schemas.getJsonObject("BookField").getJsonArray("enum"));
    JsonObject volume =
        schemas.getJsonObject("Pour").getJsonObject("properties").getJsonObject("volume");
    assertEquals(BeerMessages.MIN_VOLUME, volume.getDouble("minimum"));
    assertEquals(BeerMessages.MAX_VOLUME, volume.getDouble("maximum"));
    assertEquals(OpsRoutes.VERSION, served.getJsonObject("info").getString("version"));
  }
}
