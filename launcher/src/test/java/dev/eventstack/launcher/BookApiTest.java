package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Black-box: the books API of seed 001, its socket and CORS, over real sockets. */
class BookApiTest extends OneNodeTest {

  private static final String ALLOWED = "http://ui.example";

  @Override
  List<String> extraArgs() {
    JsonObject cors =
        new JsonObject()
            .put(
                "http",
                new JsonObject()
                    .put("booksMaxLimit", 20)
                    .put(
                        "cors",
                        new JsonObject().put("allowedOrigins", new JsonArray().add(ALLOWED))));
    Path config = dataDir.resolve("cors.json");
    try {
      Files.writeString(config, cors.encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("--stats-interval", "off", "--config", config.toString());
  }

  private static void assertError(HttpResponse<String> response, int status, String part) {
    assertEquals(status, response.statusCode(), response.body());
    String message = new JsonObject(response.body()).getString("message");
    assertTrue(message.contains(part), message);
  }

  private JsonArray list(String query) {
    HttpResponse<String> response = http.get("/books" + query);
    assertEquals(200, response.statusCode(), response.body());
    return new JsonArray(response.body());
  }

  @Test
  void theSampleBooksAreSeededAndListedWithSkipLimitAndSort() {
    assertEquals(20, list("").size(), "limit 0 means all, up to the configured cap");
    assertEquals(5, list("?limit=5").size());
    JsonArray byYear = list("?sortasc=year&limit=3");
    assertEquals("The Last Man", byYear.getJsonObject(0).getString("title"));
    JsonArray newest = list("?sortdesc=year&limit=1");
    JsonArray skipped = list("?sortdesc=year&skip=1&limit=1");
    assertTrue(
        newest.getJsonObject(0).getInteger("year") >= skipped.getJsonObject(0).getInteger("year"));
    assertEquals(
        new JsonObject()
            .put("id", "1")
            .put("title", "The Last Man")
            .put("author", "Mary Shelley")
            .put("year", 1826)
            .put("score", 8)
            .put("read", true),
        http.getJson("/books/1"));
  }

  @Test
  void createsReadsUpdatesAndDeletesWithTheSeedsReplyShapes() throws Exception {
    try (TestSocket socket = TestSocket.open(port, "/sockets/books?format=json");
        TestSocket text = TestSocket.open(port, "/sockets/books")) {
      HttpResponse<String> created =
          http.send(
              "POST", "/books", "{\"title\":\"Dune\",\"author\":\"Frank Herbert\",\"year\":1965}");
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getJsonObject("Inserted").getString("id");
      assertEquals("/books/" + id, created.headers().firstValue("Location").orElseThrow());
      assertEquals(
          new JsonObject()
              .put("id", id)
              .put("title", "Dune")
              .put("author", "Frank Herbert")
              .put("year", 1965)
              .put("read", false),
          http.getJson("/books/" + id),
          "read is false unless given");

      HttpResponse<String> updated =
          http.send(
              "PUT",
              "/books/" + id,
              "{\"title\":\"Dune\",\"author\":\"Frank Herbert\",\"score\":10,\"read\":true}");
      assertEquals(
          new JsonObject().put("Updated", new JsonObject().put("id", id)),
          new JsonObject(updated.body()));
      assertEquals(10, http.getJson("/books/" + id).getInteger("score"));

      HttpResponse<String> deleted = http.send("DELETE", "/books/" + id, null);
      assertEquals(
          new JsonObject().put("Deleted", new JsonObject().put("id", id)),
          new JsonObject(deleted.body()));
      assertError(http.get("/books/" + id), 404, "Book with id " + id + " not found");

      for (String change : List.of("created", "updated", "deleted")) {
        JsonObject event = new JsonObject(socket.next(5));
        assertEquals("book.changed", event.getString("event"));
        assertEquals(change, event.getString("change"));
        assertEquals(id, event.getString("id"));
        assertEquals("Book " + id + " " + change, text.next(5));
      }
    }
  }

  @Test
  void badBookRequestsGetClearErrorsAndChangeNothing() {
    http.send("POST", "/books", "{\"id\":\"b-1\",\"title\":\"T\",\"author\":\"A\"}");
    assertError(
        http.send("POST", "/books", "{\"id\":\"b-1\",\"title\":\"T\",\"author\":\"A\"}"),
        409,
        "already exists");
    assertError(http.send("POST", "/books", "{\"title\":\"T\"}"), 400, "author");
    assertError(
        http.send("POST", "/books", "{\"title\":\"T\",\"author\":\"A\",\"score\":11}"),
        400,
        "score");
    assertError(
        http.send("POST", "/books", "{\"title\":\"T\",\"author\":\"A\",\"year\":1.5}"),
        400,
        "year");
    assertError(
        http.send("POST", "/books", "{\"title\":\"T\",\"author\":\"A\",\"isbn\":1}"), 400, "isbn");
    assertError(
        http.send("POST", "/books", "{\"id\":\"a/b\",\"title\":\"T\",\"author\":\"A\"}"),
        400,
        "id");
    assertError(http.send("POST", "/books", "[1]"), 400, "Invalid JSON body");
    assertError(
        http.send("POST", "/books", "{\"id\":\"..\",\"title\":\"T\",\"author\":\"A\"}"), 400, "id");
    assertError(
        http.send("PUT", "/books/b-1", "{\"id\":\"b-2\",\"title\":\"T\",\"author\":\"A\"}"),
        400,
        "is not the path's");
    assertError(
        http.send("PUT", "/books/nope", "{\"title\":\"T\",\"author\":\"A\"}"), 404, "not found");
    assertError(http.send("DELETE", "/books/nope", null), 404, "not found");
    assertError(http.get("/books?sortasc=color"), 400, "Cannot sort on 'color'");
    assertError(http.get("/books?sortasc=year&sortdesc=year"), 400, "not both");
    assertError(http.get("/books?skip=-1"), 400, "skip");
    assertError(http.get("/books?limit=-5"), 400, "limit");
    assertError(http.send("PATCH", "/books/b-1", "{}"), 405, "GET, PUT, DELETE");
    assertEquals("T", http.getJson("/books/b-1").getString("title"), "nothing changed");
  }

  /**
   * Issue 21: seed 001's own Vue client, unchanged. Its bootstrap-vue inputs send numbers as
   * strings, its score starts at -1 until the user picks one, and its edit form sends only title,
   * author, score and read. Exactly those bodies, then the books as they read back.
   */
  @Test
  void whatSeed001sVueFormSendsIsStoredCleanly() {
    HttpResponse<String> unscored =
        http.send(
            "POST",
            "/books",
            "{\"title\":\"X\",\"author\":\"Y\",\"year\":\"1954\",\"score\":-1,\"read\":false}");
    assertEquals(201, unscored.statusCode(), unscored.body());
    String id = new JsonObject(unscored.body()).getJsonObject("Inserted").getString("id");
    assertEquals(
        new JsonObject()
            .put("id", id)
            .put("title", "X")
            .put("author", "Y")
            .put("year", 1954)
            .put("read", false),
        http.getJson("/books/" + id),
        "-1 is stored as no score, the year string as a number");

    HttpResponse<String> scored =
        http.send(
            "POST", "/books", "{\"title\":\"X\",\"author\":\"Y\",\"score\":\"7\",\"read\":false}");
    assertEquals(201, scored.statusCode(), scored.body());
    String scoredId = new JsonObject(scored.body()).getJsonObject("Inserted").getString("id");
    assertEquals(7, http.getJson("/books/" + scoredId).getValue("score"));

    // The edit form: the user gives a score; the year it does not send stays.
    HttpResponse<String> edited =
        http.send(
            "PUT",
            "/books/" + id,
            "{\"title\":\"X2\",\"author\":\"Y\",\"score\":\"9\",\"read\":true}");
    assertEquals(200, edited.statusCode(), edited.body());
    assertEquals(
        new JsonObject()
            .put("id", id)
            .put("title", "X2")
            .put("author", "Y")
            .put("year", 1954)
            .put("score", 9)
            .put("read", true),
        http.getJson("/books/" + id));

    // And back to "not scored".
    http.send(
        "PUT", "/books/" + id, "{\"title\":\"X2\",\"author\":\"Y\",\"score\":-1,\"read\":true}");
    assertEquals(
        new JsonObject()
            .put("id", id)
            .put("title", "X2")
            .put("author", "Y")
            .put("year", 1954)
            .put("read", true),
        http.getJson("/books/" + id));

    // Anything else that is not a number in range is still refused, naming the field.
    String form = "{\"title\":\"X\",\"author\":\"Y\",\"read\":false,";
    assertError(http.send("POST", "/books", form + "\"score\":\"seven\"}"), 400, "score");
    assertError(http.send("POST", "/books", form + "\"score\":\"11\"}"), 400, "score");
    assertError(http.send("POST", "/books", form + "\"score\":\"7.5\"}"), 400, "score");
    assertError(http.send("POST", "/books", form + "\"score\":-2}"), 400, "score");
    assertError(http.send("POST", "/books", form + "\"score\":\"\"}"), 400, "score");
    assertError(http.send("POST", "/books", form + "\"year\":\"1954a\"}"), 400, "year");
    assertError(http.send("POST", "/books", form + "\"year\":\"99999\"}"), 400, "year");
    assertError(http.send("PUT", "/books/" + id, form + "\"score\":\"x\"}"), 400, "score");
    JsonObject unchanged = http.getJson("/books/" + id);
    assertEquals("X2", unchanged.getString("title"), "the refused edit changed nothing");
    assertFalse(unchanged.containsKey("score"), unchanged.encode());
  }

  @Test
  void corsAnswersAPreflightForAnAllowedOriginAndNothingForOthers() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest preflight =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/books"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", ALLOWED)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .build();
    HttpResponse<String> allowed = client.send(preflight, HttpResponse.BodyHandlers.ofString());
    assertEquals(204, allowed.statusCode());
    assertEquals(ALLOWED, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(
        allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));

    HttpRequest foreign =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/books?limit=1"))
            .header("Origin", "http://evil.example")
            .build();
    HttpResponse<String> refused = client.send(foreign, HttpResponse.BodyHandlers.ofString());
    assertTrue(
        refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
        "a refused origin gets no CORS headers");
  }
}
