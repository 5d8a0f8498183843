package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Black-box, issue 19 item 3: a read by id must agree with the acknowledged writes, whatever the
 * read cache did meanwhile. Each race of the issue runs 200 times over real sockets, on 200 ids,
 * four rounds at a time: the requests of a round all leave at once, and once every one is answered,
 * the read by id (twice: the first may fill the cache, the second may be served from it) must agree
 * with the list and with the writes that were acknowledged.
 */
class ReadByIdRaceTest extends OneNodeTest {

  private static final int ROUNDS = 200;

  /**
   * Rounds run on this many threads at once, each on its own id: the group commit then serves
   * several rounds per fsync, which keeps the test to seconds, and the ids' writes interleave.
   */
  private static final int PARALLEL_ROUNDS = 4;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** How the rounds ended, for the report on stdout. */
  private final Map<String, Integer> outcomes = new ConcurrentSkipListMap<>();

  private CompletableFuture<HttpResponse<String>> sendAsync(
      String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The requests of one round, sent together; the answers, once all came. */
  private static List<HttpResponse<String>> together(
      List<CompletableFuture<HttpResponse<String>>> requests) {
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
    return requests.stream().map(CompletableFuture::join).toList();
  }

  private static int count(List<HttpResponse<String>> answers, String method, int status) {
    return (int)
        answers.stream()
            .filter(a -> a.request().method().equals(method) && a.statusCode() == status)
            .count();
  }

  private static void assertAllIn(
      List<HttpResponse<String>> answers, String method, List<Integer> allowed) {
    for (HttpResponse<String> answer : answers) {
      if (answer.request().method().equals(method)) {
        assertTrue(
            allowed.contains(answer.statusCode()),
            method + " " + answer.request().uri() + " → " + answer.statusCode() + answer.body());
      }
    }
  }

  private void note(String outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

  private static String task(String title) {
    return new JsonObject().put("title", title).encode();
  }

  /** Five PUTs, five DELETEs and two GETs on one task. */
  @Test
  void tasksPutAgainstDelete() {
    long started = System.nanoTime();
    rounds(
        round -> {
          String path = "/tasks/" + http.createTask(task("created"));
          List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
          // A PUT takes two round trips to the store, a DELETE one: the DELETEs leave 0 to 4 ms
          // after the PUTs, so that rounds cover the PUTs landing before, around and after them.
          Executor later = CompletableFuture.delayedExecutor(round % 5, TimeUnit.MILLISECONDS);
          for (int i = 0; i < 5; i++) {
            requests.add(sendAsync("PUT", path, task("p" + i)));
            requests.add(
                CompletableFuture.supplyAsync(() -> path, later)
                    .thenCompose(p -> sendAsync("DELETE", p, null)));
            if (i % 2 == 0) {
              requests.add(sendAsync("GET", path, null));
            }
          }
          List<HttpResponse<String>> answers = together(requests);
          assertAllIn(answers, "PUT", List.of(204, 404));
          assertAllIn(answers, "DELETE", List.of(204, 404));
          assertAllIn(answers, "GET", List.of(200, 404));
          assertEquals(1, count(answers, "DELETE", 204), "exactly one DELETE deletes: " + path);
          note("tasks PUT/DELETE: " + count(answers, "PUT", 204) + " PUT(s) before the DELETE");

          // A PUT never creates, so after an acknowledged DELETE the task is gone for good.
          for (int read = 0; read < 2; read++) {
            HttpResponse<String> byId = http.get(path);
            assertEquals(
                404, byId.statusCode(), "round " + round + ", read " + read + ": " + byId.body());
          }
          assertFalse(http.getJson("/tasks").containsKey(path.substring("/tasks/".length())));
        });
    report("tasks PUT/DELETE", started);
  }

  /** Two PUTs and two GETs on one task: the read by id shows the PUT that the list shows. */
  @Test
  void tasksPutAgainstPut() {
    long started = System.nanoTime();
    rounds(
        round -> {
          String id = http.createTask(task("created"));
          String path = "/tasks/" + id;
          List<HttpResponse<String>> answers =
              together(
                  List.of(
                      sendAsync("PUT", path, task("p0")),
                      sendAsync("GET", path, null),
                      sendAsync("PUT", path, task("p1")),
                      sendAsync("GET", path, null)));
          assertEquals(2, count(answers, "PUT", 204), "both PUTs are acknowledged");
          assertEquals(2, count(answers, "GET", 200));

          JsonObject listed = http.getJson("/tasks").getJsonObject(id);
          assertNotNull(listed);
          String last = listed.getString("title");
          assertTrue(last.equals("p0") || last.equals("p1"), last);
          note("tasks PUT/PUT: " + last + " last");
          for (int read = 0; read < 2; read++) {
            assertEquals(listed, http.getJson(path), "round " + round + ", read " + read);
          }
          // The next write is acknowledged alone, and the read by id follows it.
          assertEquals(204, http.send("PUT", path, task("settled")).statusCode());
          assertEquals("settled", http.getJson(path).getString("title"));
        });
    report("tasks PUT/PUT", started);
  }

  /** Three PUTs, two DELETEs and two GETs on one book. */
  @Test
  void booksPutAgainstDelete() {
    long started = System.nanoTime();
    rounds(
        round -> {
          String id = "race-" + round;
          HttpResponse<String> created =
              http.send(
                  "POST",
                  "/books",
                  new JsonObject()
                      .put("id", id)
                      .put("title", "created")
                      .put("author", "a")
                      .encode());
          assertEquals(201, created.statusCode(), created.body());
          String path = "/books/" + id;
          List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            String book = new JsonObject().put("title", "p" + i).put("author", "a").encode();
            requests.add(sendAsync("PUT", path, book));
            requests.add(sendAsync(i == 1 ? "GET" : "DELETE", path, null));
            if (i != 1) {
              requests.add(sendAsync("GET", path, null));
            }
          }
          List<HttpResponse<String>> answers = together(requests);
          assertAllIn(answers, "PUT", List.of(200, 404));
          assertAllIn(answers, "DELETE", List.of(200, 404));
          assertAllIn(answers, "GET", List.of(200, 404));
          assertEquals(1, count(answers, "DELETE", 200), "exactly one DELETE deletes: " + path);
          note("books PUT/DELETE: " + count(answers, "PUT", 200) + " PUT(s) before the DELETE");

          for (int read = 0; read < 2; read++) {
            HttpResponse<String> byId = http.get(path);
            assertEquals(
                404, byId.statusCode(), "round " + round + ", read " + read + ": " + byId.body());
          }
          HttpResponse<String> list = http.get("/books?limit=0");
          assertEquals(200, list.statusCode());
          new JsonArray(list.body())
              .forEach(book -> assertFalse(id.equals(((JsonObject) book).getString("id")), id));
        });
    report("books PUT/DELETE", started);
  }

  /** Five GETs and one DELETE on one beer. */
  @Test
  void beersGetAgainstDelete() {
    long started = System.nanoTime();
    rounds(
        round -> {
          HttpResponse<String> poured =
              http.send("POST", "/api/beers", "{\"tapId\":" + (round % 4) + ",\"volume\":500}");
          assertEquals(201, poured.statusCode(), poured.body());
          JsonObject beer = new JsonObject(poured.body()).getJsonObject("beer");
          String path = "/api/beers/" + beer.getLong("id");
          List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            requests.add(sendAsync("GET", path, null));
            if (i == 2) {
              requests.add(sendAsync("DELETE", path, null));
            }
          }
          List<HttpResponse<String>> answers = together(requests);
          assertEquals(1, count(answers, "DELETE", 204));
          assertAllIn(answers, "GET", List.of(200, 404));
          for (HttpResponse<String> answer : answers) {
            if (answer.request().method().equals("GET") && answer.statusCode() == 200) {
              assertEquals(beer, new JsonObject(answer.body()).getJsonObject("beer"));
            }
          }
          note("beers GET/DELETE: " + count(answers, "GET", 200) + " GET(s) saw the beer");

          for (int read = 0; read < 2; read++) {
            HttpResponse<String> byId = http.get(path);
            assertEquals(
                404, byId.statusCode(), "round " + round + ", read " + read + ": " + byId.body());
          }
          JsonObject list = http.getJson("/api/beers?page=1&page_size=1000");
          list.getJsonArray("beers")
              .forEach(
                  listed ->
                      assertFalse(
                          beer.getLong("id").equals(((JsonObject) listed).getLong("id")), path));
        });
    report("beers GET/DELETE", started);
  }

  /** Runs the rounds, {@link #PARALLEL_ROUNDS} at a time; fails with the first round that fails. */
  private static void rounds(IntConsumer round) {
    ExecutorService threads = Executors.newFixedThreadPool(PARALLEL_ROUNDS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        int r = i;
        done.add(threads.submit(() -> round.accept(r)));
      }
      for (Future<?> one : done) {
        try {
          one.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private void report(String race, long startedNanos) {
    System.out.printf(
        "ReadByIdRaceTest %s: %d rounds in %d ms; outcomes %s%n",
        race, ROUNDS, (System.nanoTime() - startedNanos) / 1_000_000, outcomes);
  }
}
