package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Black-box: every operation of {@code GET /openapi.json} answers on a running node. A router's own
 * 404 ("Not found") or a 405 would mean the document promises a route that is not there.
 */
class OpenApiRoutesTest extends OneNodeTest {

  private static final Map<String, String> SAMPLE_PARAMETERS =
      Map.of("{id}", "0", "{lockId}", "openapi-check", "{channel}", "tasks");

  @Test
  void everyDocumentedOperationAnswers() {
    JsonObject document = http.getJson("/openapi.json");
    JsonObject paths = document.getJsonObject("paths");
    List<String> failures = new ArrayList<>();
    int called = 0;
    for (String path : paths.fieldNames()) {
      String concrete = path;
      for (Map.Entry<String, String> sample : SAMPLE_PARAMETERS.entrySet()) {
        concrete = concrete.replace(sample.getKey(), sample.getValue());
      }
      if (concrete.startsWith("/locking/")) {
        concrete += "?hold_ms=1";
      }
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (method.equals("parameters")) {
          continue;
        }
        String verb = method.toUpperCase();
        boolean withBody = verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH");
        HttpResponse<String> response = http.send(verb, concrete, withBody ? "{}" : null);
        called++;
        boolean routerNotFound =
            response.statusCode() == 404 && response.body().contains("\"message\":\"Not found\"");
        if (routerNotFound
            || response.statusCode() == 405
            || response.statusCode() >= 500
                && response.statusCode() != 502
                && response.statusCode() != 503) {
          failures.add(
              verb + " " + concrete + " -> " + response.statusCode() + " " + response.body());
        }
      }
    }
    assertTrue(called >= 30, "operations called: " + called);
    assertEquals(List.of(), failures);
  }
}
