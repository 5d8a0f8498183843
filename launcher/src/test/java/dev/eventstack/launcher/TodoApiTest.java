package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Black-box: the whole system in one JVM, as the quick start runs it, on a free port and a
 * temporary data dir, driven over real sockets: HTTP → bus → db-verticle → MongoDB → back.
 */
class TodoApiTest extends OneNodeTest {

  private void assertError(HttpResponse<String> response, int status, String messagePart) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(response.request().method(), body.getString("method"));
    java.net.URI uri = response.request().uri();
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    assertEquals(pathAndQuery, body.getString("uri"));
    assertEquals(status, body.getInteger("code"));
    assertTrue(body.getString("message").contains(messagePart), body.getString("message"));
    assertFalse(response.body().contains("\tat "), "no stack trace");
  }

  @Test
  void everyEndpointWorksEndToEnd() {
    assertEquals(new JsonObject(), http.getJson("/tasks"));

    HttpResponse<String> created = http.send("POST", "/tasks", "{\"title\":\"Task1\"}");
    assertEquals(201, created.statusCode());
    assertEquals("", created.body());
    String location = created.headers().firstValue("Location").orElseThrow();
    assertTrue(location.matches("/tasks/[0-9a-f]{32}"), location);
    String id = location.substring("/tasks/".length());

    assertEquals(new JsonObject().put("title", "Task1"), http.getJson(location));
    assertEquals(
        new JsonObject().put(id, new JsonObject().put("title", "Task1")), http.getJson("/tasks"));

    String replacement =
        "{\"title\":\"Task2\",\"description\":\"d\",\"priority\":\"low\",\"completed\":true,"
            + "\"due_date\":1700000000}";
    HttpResponse<String> replaced = http.send("PUT", location, replacement);
    assertEquals(204, replaced.statusCode());
    assertEquals(new JsonObject(replacement), http.getJson(location));

    assertEquals(204, http.send("DELETE", location, null).statusCode());
    assertError(http.get(location), 404, id);
    assertEquals(new JsonObject(), http.getJson("/tasks"));
  }

  @Test
  void everyErrorIsJsonAndChangesNoStoredData() {
    String id = http.createTask("{\"title\":\"keep me\",\"priority\":\"high\"}");
    JsonObject before = http.getJson("/tasks");
    String unknown = "/tasks/0123456789abcdef0123456789abcdef";

    assertError(http.send("POST", "/tasks", "{\"title\":"), 400, "Invalid JSON body");
    assertError(http.send("PUT", "/tasks/" + id, "not json"), 400, "Invalid JSON body");
    assertError(http.send("POST", "/tasks", "{\"priority\":\"high\"}"), 400, "title");
    assertError(http.send("PUT", "/tasks/" + id, "{\"title\":\"x\",\"extra\":true}"), 400, "extra");
    assertError(
        http.send("PUT", "/tasks/" + id, "{\"title\":\"x\",\"priority\":\"p0\"}"), 400, "priority");
    assertError(http.get(unknown), 404, "not found");
    assertError(http.send("PUT", unknown, "{\"title\":\"x\"}"), 404, "not found");
    assertError(http.send("DELETE", unknown, null), 404, "not found");
    assertError(http.get("/no/such/endpoint"), 404, "Not found");
    assertError(http.send("PATCH", "/tasks/" + id, "{\"title\":\"x\"}"), 405, "not allowed");
    assertError(http.send("DELETE", "/tasks", null), 405, "not allowed");
    String big = "{\"title\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertError(http.send("POST", "/tasks", big), 413, "too large");
    assertError(http.send("PUT", "/tasks/" + id, big), 413, "too large");
    assertError(
        http.send("POST", "/tasks", "{\"title\":\"x\"}", "text/csv"), 415, "application/json");

    assertEquals(before, http.getJson("/tasks"));
  }

  @Test
  void socketsReceiveEveryTaskChangeInTextAndJson() throws Exception {
    try (TestSocket text = TestSocket.open(port, "/sockets/tasks");
        TestSocket json = TestSocket.open(port, "/sockets/tasks?format=json")) {
      String id = http.createTask("{\"title\":\"watched\"}");
      http.send("DELETE", "/tasks/" + id, null);

      assertEquals("Task " + id + " created", text.next(5));
      assertEquals("Task " + id + " deleted", text.next(5));
      assertEquals(
          new JsonObject()
              .put("event", "task.created")
              .put("id", id)
              .put("task", new JsonObject().put("title", "watched")),
          new JsonObject(json.next(5)));
      assertEquals(
          new JsonObject().put("event", "task.deleted").put("id", id),
          new JsonObject(json.next(5)));
    }
  }

  @Test
  void refusesUnknownSocketChannelsAndFormats() {
    assertError(http.get("/sockets/nothing"), 404, "nothing");
    assertError(http.get("/sockets/tasks?format=xml"), 400, "xml");
    assertError(http.get("/sockets/tasks"), 400, "WebSocket upgrade");
  }

  @Test
  void returnsTheClientsRequestIdOrMakesOne() {
    HttpResponse<String> plain = http.get("/tasks");
    assertTrue(plain.headers().firstValue("X-Request-Id").orElseThrow().matches("[0-9a-f]{32}"));
  }

  @Test
  void keepsTheDataAcrossARestartOnTheSameDataDir() throws Exception {
    String id = http.createTask("{\"title\":\"survive\",\"completed\":false}");
    restart();

    assertEquals(
        new JsonObject().put("title", "survive").put("completed", false),
        http.getJson("/tasks/" + id));
  }
}
