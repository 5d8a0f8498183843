package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Black-box: the served {@code /openapi.json} is a valid OpenAPI 3.1 document (parsed by
 * vertx-openapi), a request built from each documented body schema passes the route's own
 * validation, and every operation's response matches what the document says of it. Together with
 * {@code OpenApiDocumentTest} (the routes and the document name the same operations), the document
 * cannot drift from the code or the contract's schemas.
 */
class OpenApiContractTest extends OneNodeTest {

  /** Writes first, so that the reads, and then the deletes, find something to act on. */
  private static final List<String> METHOD_ORDER = List.of("POST", "PUT", "PATCH", "GET", "DELETE");

  private Vertx vertx;
  private OpenAPIContract contract;
  private ResponseValidator responses;
  private final Map<String, String> createdIds = new HashMap<>();

  @BeforeEach
  void parseTheServedDocument() throws Exception {
    vertx = Vertx.vertx();
    JsonObject served = http.getJson("/openapi.json");
    assertServesTheContractsTaskSchema(served);
    contract = OpenAPIContract.from(vertx, withoutHtmlResponses(served)).await(30, SECONDS);
    responses = ResponseValidator.create(vertx, contract);
  }

  /** The served Task schema is the contract's file as it is, less its file-level keywords. */
  private static void assertServesTheContractsTaskSchema(JsonObject served) throws Exception {
    JsonObject task;
    try (var in =
        OpenApiContractTest.class.getResourceAsStream("/" + TaskMessages.SCHEMA_RESOURCE)) {
      task = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    task.remove("$schema");
    task.remove("$id");
    assertEquals(
        task, served.getJsonObject("components").getJsonObject("schemas").getJsonObject("Task"));
  }

  /**
   * vertx-openapi 5.0 refuses a document with a {@code text/html} response (the {@code /about}
   * page), although OpenAPI allows any media type; this drops just those, and keeps the rest.
   */
  private static JsonObject withoutHtmlResponses(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject responses =
            method.equals("parameters")
                ? null
                : item.getJsonObject(method).getJsonObject("responses");
        for (String status :
            responses == null ? java.util.Set.<String>of() : responses.fieldNames()) {
          JsonObject content = responses.getJsonObject(status).getJsonObject("content");
          if (content != null) {
            content.remove("text/html");
          }
        }
      }
    }
    return copy;
  }

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(30, SECONDS);
  }

  @Test
  void samplesFromEverySchemaPassAndEveryResponseMatchesTheDocument() throws Exception {
    List<Operation> operations = new ArrayList<>(contract.operations());
    operations.sort(
        Comparator.comparingInt((Operation op) -> METHOD_ORDER.indexOf(op.getHttpMethod().name()))
            .thenComparing(Operation::getOpenAPIPath));
    JsonObject document = contract.getRawContract();
    List<String> failures = new ArrayList<>();
    int bodies = 0;
    for (Operation operation : operations) {
      String method = operation.getHttpMethod().name();
      if (operation.getOperationId().equals("openSocket")) {
        continue; // an upgrade: SocketRoutesTest and the socket tests cover it
      }
      String path = concretePath(operation.getOpenAPIPath());
      String body = null;
      JsonObject bodySchema = requestBodySchema(document, operation);
      if (bodySchema != null) {
        body =
            sampleBody(
                document, bodySchema, operation.getOpenAPIPath().contains("{id}") ? path : null);
        bodies++;
      }
      HttpResponse<String> response = http.send(method, path, body);
      String call = method + " " + path + (body == null ? "" : " " + body);
      if (body != null && response.statusCode() >= 300) {
        failures.add(
            call + " (a sample of its schema) -> " + response.statusCode() + " " + response.body());
        continue;
      }
      remember(operation, response);
      String problem = responseProblem(operation, response);
      if (problem != null) {
        failures.add(call + " -> " + response.statusCode() + ": " + problem);
      }
    }
    assertTrue(operations.size() >= 30, "operations: " + operations.size());
    assertTrue(bodies >= 8, "request bodies sampled: " + bodies);
    assertEquals(List.of(), failures);
  }

  /** A sample of the schema; on {@code /<collection>/{id}} it names the same id as the path. */
  private static String sampleBody(JsonObject document, JsonObject schema, String pathWithId) {
    Object sample = new SchemaSample(document).of(schema);
    if (pathWithId != null && sample instanceof JsonObject object && object.containsKey("id")) {
      object.put("id", pathWithId.substring(pathWithId.lastIndexOf('/') + 1));
    }
    return String.valueOf(sample);
  }

  /** The JSON schema of the operation's request body, from the raw document, or null. */
  private static JsonObject requestBodySchema(JsonObject document, Operation operation) {
    JsonObject item = document.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath());
    JsonObject op = item.getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT));
    JsonObject requestBody = op.getJsonObject("requestBody");
    if (requestBody == null) {
      return null;
    }
    return requestBody
        .getJsonObject("content")
        .getJsonObject("application/json")
        .getJsonObject("schema");
  }

  /** Keeps the id a create returned, for the operations on {@code /<collection>/{id}}. */
  private void remember(Operation operation, HttpResponse<String> response) {
    if (!operation.getHttpMethod().name().equals("POST")
        || operation.getOpenAPIPath().contains("{")
        || response.statusCode() >= 300) {
      return;
    }
    String id =
        response
            .headers()
            .firstValue("Location")
            .map(location -> location.substring(location.lastIndexOf('/') + 1))
            .orElseGet(() -> idInBody(response.body()));
    if (id != null) {
      createdIds.putIfAbsent(operation.getOpenAPIPath(), id);
    }
  }

  private static String idInBody(String body) {
    if (body == null || !body.startsWith("{")) {
      return null;
    }
    Object id = new JsonObject(body).getValue("id");
    return id == null ? null : String.valueOf(id);
  }

  private String concretePath(String template) {
    String path = template;
    int id = path.indexOf("/{id}");
    if (id >= 0) {
      String collection = path.substring(0, id);
      path = path.replace("{id}", createdIds.getOrDefault(collection, "0"));
    }
    path = path.replace("{lockId}", "openapi-check").replace("{channel}", "tasks");
    return path.startsWith("/locking/") ? path + "?hold_ms=1" : path;
  }

  /** Why the response does not match the document, or null when it does. */
  private String responseProblem(Operation operation, HttpResponse<String> response)
      throws java.util.concurrent.TimeoutException {
    Map<String, String> headers = new HashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
    // The document names bare media types; a charset parameter does not change the body's shape.
    String contentType =
        response.headers().firstValue("Content-Type").map(type -> type.split(";")[0]).orElse(null);
    Buffer body = response.body().isEmpty() ? null : Buffer.buffer(response.body());
    if ("text/plain".equals(contentType)) {
      // vertx-openapi 5.0 cannot validate a text/plain body against a schema; check that the
      // document names this status with this media type.
      var documented = operation.getResponse(response.statusCode());
      return documented != null && documented.getContent().containsKey(contentType)
          ? null
          : "status and media type not documented";
    }
    try {
      responses
          .validate(
              ValidatableResponse.create(response.statusCode(), headers, body, contentType),
              operation.getOperationId())
          .await(10, SECONDS);
      return null;
    } catch (RuntimeException mismatch) {
      return mismatch.getMessage();
    }
  }

  /**
   * A small valid instance of a JSON schema: every property it declares, with the first enum value,
   * the least length and a number within the bounds. An {@code examples} entry wins.
   */
  private record SchemaSample(JsonObject document) {

    Object of(JsonObject schema) {
      if (schema.containsKey("$ref")) {
        return of(resolve(schema.getString("$ref")));
      }
      if (schema.containsKey("examples")) {
        return schema.getJsonArray("examples").getValue(0);
      }
      if (schema.containsKey("const")) {
        return schema.getValue("const");
      }
      if (schema.containsKey("enum")) {
        return schema.getJsonArray("enum").getValue(0);
      }
      return switch (typeOf(schema)) {
        case "object" -> object(schema);
        case "array" -> array(schema);
        case "integer" -> (long) number(schema);
        case "number" -> number(schema);
        case "boolean" -> false;
        case "null" -> null;
        default -> string(schema);
      };
    }

    private JsonObject resolve(String ref) {
      Object target = document;
      for (String step : ref.substring("#/".length()).split("/")) {
        target = ((JsonObject) target).getValue(step);
      }
      return (JsonObject) target;
    }

    private static String typeOf(JsonObject schema) {
      Object type = schema.getValue("type");
      if (type instanceof JsonArray types) {
        return types.getString(0);
      }
      if (type == null) {
        return schema.containsKey("properties") ? "object" : "string";
      }
      return (String) type;
    }

    private JsonObject object(JsonObject schema) {
      JsonObject sample = new JsonObject();
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      for (String name : properties.fieldNames()) {
        JsonObject property = properties.getJsonObject(name);
        if (!property.getBoolean("readOnly", false)) {
          sample.put(name, of(property));
        }
      }
      return sample;
    }

    private JsonArray array(JsonObject schema) {
      JsonArray sample = new JsonArray();
      int items = Math.max(1, schema.getInteger("minItems", 1));
      for (int i = 0; i < items; i++) {
        sample.add(of(schema.getJsonObject("items", new JsonObject())));
      }
      return sample;
    }

    private static double number(JsonObject schema) {
      double low = schema.getNumber("minimum", Double.NEGATIVE_INFINITY).doubleValue();
      double high = schema.getNumber("maximum", Double.POSITIVE_INFINITY).doubleValue();
      return Math.min(high, Math.max(low, 1));
    }

    private static String string(JsonObject schema) {
      if ("date-time".equals(schema.getString("format"))) {
        return java.time.Instant.now().toString();
      }
      String sample = "sample-" + Long.toHexString(System.nanoTime());
      int least = schema.getInteger("minLength", 0);
      while (sample.length() < least) {
        sample += "x";
      }
      return sample;
    }
  }
}
