package dev.eventstack.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.BusHeaders;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The http-verticle alone, with test consumers standing in for the db-verticle on the bus: routing,
 * validation, and the mapping of every kind of bus failure to an HTTP status.
 */
@ExtendWith(VertxExtension.class)
class HttpVerticleTest {

  private static final String ID = "0123456789abcdef0123456789abcdef";
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private String base;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    JsonObject config =
        new JsonObject().put("port", port).put("bodyLimitBytes", 1024).put("busTimeoutMs", 300);
    vertx
        .deployVerticle(HttpVerticle::new, new DeploymentOptions().setConfig(config))
        .await(10, SECONDS);
  }

  private void serve(String address, io.vertx.core.Handler<Message<JsonObject>> handler)
      throws Exception {
    vertx.eventBus().consumer(address, handler).completion().await(5, SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, int status, String messagePart) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(status, body.getInteger("code"));
    assertEquals(response.request().method(), body.getString("method"));
    assertEquals(response.request().uri().getRawPath(), body.getString("uri"));
    assertTrue(body.getString("message").contains(messagePart), body.getString("message"));
    assertFalse(response.body().contains("Exception"), response.body());
  }

  @Test
  void createSendsTheValidatedTaskAndTheRequestIdOverTheBus() throws Exception {
    LinkedBlockingQueue<Message<JsonObject>> received = new LinkedBlockingQueue<>();
    serve(
        Addresses.Tasks.CREATE,
        message -> {
          received.add(message);
          message.reply(TaskMessages.byId(ID));
        });

    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/tasks"))
            .header("X-Request-Id", "abc-123")
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}"))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(201, response.statusCode());
    assertEquals("/tasks/" + ID, response.headers().firstValue("Location").orElseThrow());
    assertEquals("abc-123", response.headers().firstValue("X-Request-Id").orElseThrow());
    assertEquals("", response.body());
    Message<JsonObject> message = received.poll(5, TimeUnit.SECONDS);
    assertEquals(new JsonObject().put("title", "x"), message.body().getJsonObject("task"));
    assertEquals("abc-123", message.headers().get(BusHeaders.REQUEST_ID));
  }

  @Test
  void generatesARequestIdWhenTheClientSendsNoneOrAnInsaneOne() throws Exception {
    serve(Addresses.Tasks.LIST, m -> m.reply(new JsonObject().put("tasks", new JsonObject())));
    HttpResponse<String> plain = send("GET", "/tasks", null, null);
    assertTrue(plain.headers().firstValue("X-Request-Id").orElseThrow().matches("[0-9a-f]{32}"));

    HttpRequest insane =
        HttpRequest.newBuilder(URI.create(base + "/tasks"))
            .header("X-Request-Id", "a b\"c")
            .build();
    String id =
        http.send(insane, HttpResponse.BodyHandlers.ofString())
            .headers()
            .firstValue("X-Request-Id")
            .orElseThrow();
    assertTrue(id.matches("[0-9a-f]{32}"), id);
  }

  @Test
  void mapsEachBusFailureToItsHttpStatus() throws Exception {
    serve(Addresses.Tasks.GET, m -> BusError.NOT_FOUND.fail(m, "Task " + ID + " not found"));
    serve(Addresses.Tasks.DELETE, m -> BusError.UNAVAILABLE.fail(m, "Database unavailable"));
    serve(Addresses.Tasks.REPLACE, m -> {}); // never answers

    assertError(send("GET", "/tasks/" + ID, null, null), 404, "not found");
    HttpResponse<String> unavailable = send("DELETE", "/tasks/" + ID, null, null);
    assertError(unavailable, 503, "Database unavailable");
    assertEquals("1", unavailable.headers().firstValue("Retry-After").orElseThrow());
    assertError(send("PUT", "/tasks/" + ID, "{\"title\":\"x\"}", null), 504, "Timed out");
    // Nobody consumes tasks.list in this test: no handler anywhere.
    assertError(send("GET", "/tasks", null, null), 503, "no node serves");
  }

  @Test
  void refusesBadBodiesBeforeTheyReachTheBus() throws Exception {
    LinkedBlockingQueue<Message<JsonObject>> received = new LinkedBlockingQueue<>();
    serve(Addresses.Tasks.CREATE, received::add);

    assertError(send("POST", "/tasks", "{\"title\":", null), 400, "Invalid JSON body");
    assertError(send("POST", "/tasks", "", null), 400, "Invalid JSON body");
    assertError(send("POST", "/tasks", "[1,2]", null), 400, "expected a JSON object");
    assertError(send("POST", "/tasks", "{}", null), 400, "title");
    assertError(send("POST", "/tasks", "{\"title\":\"x\",\"owner\":1}", null), 400, "owner");
    assertError(
        send("POST", "/tasks", "{\"title\":\"x\",\"priority\":\"soon\"}", null), 400, "priority");
    assertError(
        send("POST", "/tasks", "{\"title\":\"x\",\"due_date\":\"monday\"}", null), 400, "due_date");
    assertError(
        send("POST", "/tasks", "{\"title\":\"x\",\"completed\":\"yes\"}", null), 400, "completed");
    assertError(send("POST", "/tasks", "{\"title\":7}", null), 400, "title");
    assertError(
        send("POST", "/tasks", "{\"title\":\"" + "x".repeat(2000) + "\"}", null), 413, "too large");
    assertError(send("POST", "/tasks", "{\"title\":\"x\"}", "text/plain"), 415, "application/json");
    assertError(send("POST", "/tasks", "<task/>", "application/xml"), 415, "application/json");

    assertTrue(received.isEmpty(), "no bad body may reach the db-verticle");
  }

  @Test
  void acceptsEverySchemaValidTask() throws Exception {
    serve(Addresses.Tasks.CREATE, m -> m.reply(TaskMessages.byId(ID)));
    String full =
        "{\"title\":\"t\",\"description\":\"d\",\"priority\":\"urgent\",\"completed\":false,"
            + "\"due_date\":1700000000.5}";
    assertEquals(201, send("POST", "/tasks", full, "application/json").statusCode());
    assertEquals(201, send("POST", "/tasks", "{\"title\":\"x\"}", null).statusCode());
    assertEquals(
        201,
        send("POST", "/tasks", "{\"title\":\"x\"}", "application/json; charset=utf-8")
            .statusCode());
  }

  @Test
  void answersUnknownPathsWith404AndWrongMethodsWith405() throws Exception {
    assertError(send("GET", "/nothing/here", null, null), 404, "Not found");
    assertError(send("DELETE", "/nothing", null, null), 404, "Not found");
    HttpResponse<String> wrongMethod = send("DELETE", "/tasks", null, null);
    assertError(wrongMethod, 405, "GET, POST");
    assertEquals("GET, POST", wrongMethod.headers().firstValue("Allow").orElseThrow());
    assertError(send("PATCH", "/tasks/" + ID, "{}", null), 405, "GET, PUT, DELETE");
  }

  @Test
  void aMalformedTaskIdIsNotFoundWithoutAskingTheDatabase() throws Exception {
    assertError(send("GET", "/tasks/not-an-id", null, null), 404, "not-an-id");
    assertError(send("DELETE", "/tasks/ABCDEF", null, null), 404, "not found");
  }

  @Test
  void servesTheWebRoot() throws Exception {
    HttpResponse<String> index = send("GET", "/", null, null);
    assertEquals(200, index.statusCode());
    assertTrue(index.body().contains("/tasks"), "index.html links to the API");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
