package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Black-box: every request the REST API serves is answered by the embedded engine without a
 * collection scan. The engine counts them in {@code eventstack_store_collection_scans_total} on
 * {@code /metrics}; it must not move while every kind of request runs.
 */
class NoCollectionScanTest extends OneNodeTest {

  private static final String SCANS = "eventstack_store_collection_scans_total";

  @Test
  void noRequestScansACollection() throws Exception {
    long atStart = metric(SCANS);
    long queriesAtStart = metric("eventstack_store_queries_total");

    tasks();
    beers();
    books();
    jobsAndResources();

    assertTrue(
        metric("eventstack_store_queries_total") > queriesAtStart + 50,
        "the requests above reached the engine");
    assertEquals(atStart, metric(SCANS), "collection scans while serving requests");
    assertTrue(metric("eventstack_store_index_counts_total") > 0, "counts came from index ranks");
  }

  private void tasks() {
    String id = http.createTask("{\"title\":\"a\",\"priority\":\"high\"}");
    http.createTask("{\"title\":\"b\",\"completed\":true}");
    ok(http.get("/tasks"));
    ok(http.get("/tasks/" + id));
    ok(http.send("PUT", "/tasks/" + id, "{\"title\":\"a2\",\"completed\":true}"));
    ok(http.send("DELETE", "/tasks/" + id, null));
    assertEquals(404, http.get("/tasks/" + id).statusCode());
  }

  private void beers() {
    for (int i = 0; i < 20; i++) {
      ok(http.send("POST", "/api/beers", "{\"tapId\":" + (i % 3 + 1) + ",\"volume\":500}"));
    }
    ok(
        http.send(
            "POST",
            "/api/beers/batch",
            "{\"beers\":[{\"tapId\":1,\"volume\":200},{\"tapId\":2,\"volume\":500}]}"));
    ok(http.get("/api/beers?page=2&page_size=5"));
    ok(http.get("/api/beers?page=1&page_size=5&type=pint"));
    ok(http.get("/api/beers?page=1&page_size=10&sort=desc"));
    ok(http.get("/api/beers?page=2&page_size=5&type=pint&sort=desc"));
    ok(http.get("/api/beers/3"));
    ok(http.send("DELETE", "/api/beers/3", null));
    ok(http.get("/api/beers/stats"));
  }

  private void books() {
    for (String field : List.of("id", "title", "author", "year", "score", "read")) {
      ok(http.get("/books?sortasc=" + field + "&skip=1&limit=3"));
      ok(http.get("/books?sortdesc=" + field + "&limit=3"));
    }
    ok(http.get("/books"));
    HttpResponse<String> created =
        http.send("POST", "/books", "{\"title\":\"T\",\"author\":\"A\",\"read\":false}");
    ok(created);
    String location = created.headers().firstValue("Location").orElseThrow();
    String id = location.substring(location.lastIndexOf('/') + 1);
    ok(http.get("/books/" + id));
    ok(http.send("PUT", "/books/" + id, "{\"title\":\"T2\",\"author\":\"A\",\"read\":true}"));
    ok(http.send("DELETE", "/books/" + id, null));
  }

  private void jobsAndResources() throws InterruptedException {
    String job = submit("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10}}");
    String purge =
        submit("{\"type\":\"purge.beers\",\"payload\":{\"before\":\"2001-01-01T00:00:00Z\"}}");
    awaitEnded(job);
    awaitEnded(purge);
    ok(http.get("/jobs?status=succeeded&limit=5"));
    ok(http.get("/jobs?type=demo.sleep"));
    ok(http.get("/jobs"));
    ok(http.get("/jobs/counts"));
    ok(http.get("/jobs/scheduled"));
    ok(http.get("/jobs/runs?job=beer-stats&limit=5"));
    ok(http.get("/resources"));
  }

  private String submit(String json) {
    HttpResponse<String> response = http.send("POST", "/jobs", json);
    assertEquals(202, response.statusCode(), response.body());
    return new JsonObject(response.body()).getString("id");
  }

  private void awaitEnded(String id) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      String status = http.getJson("/jobs/" + id).getJsonObject("job").getString("status");
      if (List.of("succeeded", "failed", "cancelled").contains(status)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not end within 10 s");
  }

  private static void ok(HttpResponse<String> response) {
    assertTrue(
        response.statusCode() / 100 == 2,
        response.request().method()
            + " "
            + response.uri()
            + " → "
            + response.statusCode()
            + " "
            + response.body());
  }

  private long metric(String name) {
    String body = http.get("/metrics").body();
    Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(body);
    assertTrue(value.find(), name + " is on /metrics");
    return (long) Double.parseDouble(value.group(2));
  }
}
