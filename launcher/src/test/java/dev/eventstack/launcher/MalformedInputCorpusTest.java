package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of malformed requests over every endpoint. Each must get a 4xx with a JSON
 * error and no stack trace; the node must stay up; no stored data may change.
 */
class MalformedInputCorpusTest extends OneNodeTest {

  /** One request of the corpus: raw bytes, so that anything can be sent. */
  private record Probe(
      String method, String target, String contentType, byte[] body, Map<String, String> headers) {}

  private static final List<String> BODY_ENDPOINTS =
      List.of(
          "POST /tasks",
          "PUT /tasks/%s",
          "POST /api/beers",
          "POST /books",
          "PUT /books/1",
          "POST /resources",
          "PATCH /resources/%s",
          "POST /jobs");

  private static final List<String> BAD_BODIES =
      List.of(
          "",
          " ",
          "{",
          "}",
          "{\"a\":",
          "{\"title\":\"x\"",
          "[]",
          "[1,2]",
          "1",
          "-1",
          "null",
          "true",
          "\"text\"",
          "{}",
          "{\"title\":null}",
          "{\"title\":1}",
          "{\"title\":\"\"}",
          "{\"title\":[\"x\"]}",
          "{\"tapId\":\"1\",\"volume\":500}",
          "{\"tapId\":1,\"volume\":null}",
          "{\"tapId\":-5,\"volume\":500}",
          "{\"tapId\":1e400,\"volume\":500}",
          "{\"tapId\":1,\"volume\":\"NaN\"}",
          "{\"title\":\"t\",\"author\":\"a\",\"score\":-2}",
          "{\"title\":\"t\",\"author\":\"a\",\"score\":\"seven\"}",
          "{\"title\":\"t\",\"author\":\"a\",\"year\":\"1999a\"}",
          "{\"name\":{}}",
          "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1e99}}",
          "{\"type\":null}",
          "{\"type\":\"report.tasks\",\"max_attempts\":1.5}",
          "{\"extra\":1,\"title\":\"t\"}",
          "{\"title\":\"t\",\"priority\":\"asap\"}",
          "{\"title\":\"t\",\"due_date\":\"soon\"}",
          "{\"title\":\"t\"}{\"title\":\"u\"}",
          "{'title':'single quotes'}",
          "{\"title\":\"t\",\"completed\":\"yes\"}",
          "\uFEFF{}",
          "{\"a\":1,}",
          "[{}]");

  private final List<Probe> corpus = new ArrayList<>();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void add(String method, String target, String contentType, byte[] body) {
    corpus.add(new Probe(method, target, contentType, body, Map.of()));
  }

  private List<Probe> buildCorpus(String taskId, String resourceId) {
    for (String endpoint : BODY_ENDPOINTS) {
      String method = endpoint.split(" ")[0];
      String target =
          String.format(endpoint.split(" ")[1], endpoint.contains("tasks") ? taskId : resourceId);
      for (String body : BAD_BODIES) {
        add(method, target, "application/json", utf8(body));
      }
      add(method, target, "application/json", utf8("[".repeat(10_000) + "]".repeat(10_000)));
      add(
          method,
          target,
          "application/json",
          utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
      add(method, target, "application/json", utf8("{\"title\":\"" + "x".repeat(60_000) + "\"}"));
      add(method, target, "application/json", utf8("{\"title\":\"" + "x".repeat(70_000) + "\"}"));
      add(
          method,
          target,
          "application/json",
          new byte[] {
            '{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'
          });
      add(method, target, "text/plain", utf8("{\"title\":\"t\"}"));
      add(method, target, "application/xml", utf8("<task/>"));
      add(method, target, "multipart/form-data; boundary=x", utf8("--x--"));
      add(method, target, "application/json", null);
    }
    List<String> badIds =
        List.of(
            "-1",
            "99999999999999999999999",
            "abc",
            "1.5",
            "%00",
            "..",
            "%2e%2e",
            "a%2Fb",
            "x".repeat(2000),
            "%FF%FE",
            "0x10",
            " 1",
            "%20",
            "null");
    for (String id : badIds) {
      for (String base : List.of("/tasks/", "/api/beers/", "/books/", "/resources/", "/jobs/")) {
        add("GET", base + id, null, null);
        add("DELETE", base + id, null, null);
      }
      add("GET", "/jobs/" + id + "/result", null, null);
    }
    for (String lockId : List.of("%00", "..", "a%2Fb", "x".repeat(200), "%20", "a b", "%FF")) {
      add("GET", "/locking/" + lockId + "?hold_ms=1", null, null);
    }
    List<String> badQueries =
        List.of(
            "/api/beers?page=0",
            "/api/beers?page=-1",
            "/api/beers?page=abc",
            "/api/beers?page=1e3",
            "/api/beers?page_size=0",
            "/api/beers?page_size=1001",
            "/api/beers?page=1&page=2",
            "/api/beers?type=keg",
            "/api/beers?type=",
            "/api/beers?page=99999999999",
            "/api/beers?page=42949674",
            "/books?skip=-1",
            "/books?limit=-1",
            "/books?skip=x",
            "/books?sortasc=passwd",
            "/books?sortdesc=",
            "/books?sortasc=year&sortdesc=year",
            "/books?limit=1&limit=2",
            "/jobs?status=zombie",
            "/jobs?type=x",
            "/jobs?limit=0",
            "/jobs?limit=501",
            "/jobs/runs?limit=-3",
            "/locking/x?hold_ms=-1",
            "/locking/x?hold_ms=abc",
            "/locking/x?hold_ms=99999999999",
            "/sockets/tasks?format=xml",
            "/sockets/nope",
            "/sockets/tasks");
    badQueries.forEach(query -> add("GET", query, null, null));
    for (String path :
        List.of(
            "/tasks",
            "/tasks/" + taskId,
            "/api/beers",
            "/books",
            "/resources",
            "/jobs",
            "/books/1",
            "/api/beers/0")) {
      for (String method : List.of("PATCH", "PUT", "TRACE", "FOO", "OPTIONS", "POST")) {
        add(method, path, null, null);
      }
    }
    for (String path :
        List.of(
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/books/..%2f..%2fetc",
            "/tasks/%00",
            "/webroot/../pom.xml",
            "/..%5c..%5cwindows",
            "/index.html%00.json",
            "/%",
            "/api/beers/%zz")) {
      add("GET", path, null, null);
    }
    corpus.add(new Probe("GET", "/tasks", null, null, Map.of("X-Big", "x".repeat(20_000))));
    corpus.add(new Probe("GET", "/tasks?" + "q=1&".repeat(2_000), null, null, Map.of()));
    corpus.add(new Probe("GET", "/tasks", null, null, Map.of("X-Request-Id", "bad id\u0001")));
    return corpus;
  }

  /** Sends over a raw socket: no client library fixes up what the corpus breaks on purpose. */
  private static int[] send(int port, Probe probe, StringBuilder bodyOut) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      StringBuilder head =
          new StringBuilder(probe.method())
              .append(' ')
              .append(probe.target())
              .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      if (probe.contentType() != null) {
        head.append("Content-Type: ").append(probe.contentType()).append("\r\n");
      }
      probe.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      byte[] body = probe.body();
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        try {
          out.write(body);
        } catch (IOException refusedEarly) {
          // The server may answer (413) and close before it reads the whole body.
        }
      }
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] response = in.readAllBytes();
      String text = new String(response, StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int split = text.indexOf("\r\n\r\n");
      bodyOut.append(split < 0 ? "" : text.substring(split + 4));
      return new int[] {status};
    }
  }

  private Map<String, String> snapshot() {
    Map<String, String> collections = new TreeMap<>();
    for (String path :
        List.of(
            "/tasks",
            "/api/beers?page_size=1000",
            "/books?limit=0",
            "/resources",
            "/jobs?limit=500")) {
      HttpResponse<String> response = http.get(path);
      assertEquals(200, response.statusCode(), path);
      collections.put(path, response.body());
    }
    return collections;
  }

  @Test
  void everyMalformedRequestGetsAJson4xxAndChangesNothing() throws Exception {
    String taskId = http.createTask("{\"title\":\"keep me\",\"priority\":\"high\"}");
    http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":500}");
    JsonObject resource =
        new JsonObject(http.send("POST", "/resources", "{\"name\":\"keep\",\"value\":1}").body());
    Map<String, String> before = snapshot();

    List<Probe> probes = buildCorpus(taskId, resource.getString("id"));
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (Probe probe : probes) {
      StringBuilder body = new StringBuilder();
      int status = send(port, probe, body)[0];
      byStatus.merge(status, 1, Integer::sum);
      String label =
          probe.method()
              + " "
              + abbreviate(probe.target())
              + " ["
              + probe.contentType()
              + "] -> "
              + status;
      if (status < 400 || status >= 500) {
        if (!(status == 101 || status == 200 && probe.method().equals("OPTIONS"))) {
          problems.add(label + " " + abbreviate(body.toString()));
        }
        continue;
      }
      String text = body.toString();
      if (text.contains("Exception") || text.contains("\tat ")) {
        problems.add(label + ": stack trace in " + abbreviate(text));
        continue;
      }
      try {
        JsonObject error = new JsonObject(text);
        if (error.getInteger("code") != status || error.getString("message") == null) {
          problems.add(label + ": error body " + abbreviate(text));
        }
      } catch (RuntimeException notJson) {
        problems.add(label + ": not JSON: " + abbreviate(text));
      }
    }
    System.out.println("malformed corpus: " + probes.size() + " requests, by status " + byStatus);

    assertTrue(probes.size() >= 500, "corpus size " + probes.size());
    assertEquals(List.of(), problems);
    assertEquals(
        "pong",
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body(),
        "the node stays up");
    assertEquals(before, snapshot(), "no stored data changed");
  }

  /** A numeric field of a body, in a body that is otherwise good, to put bad numbers in. */
  private record NumericField(String method, String target, String template, String field) {}

  /** 2^63, 2^64, 10^29 written out, 10^29 as a double, and beyond a double both ways. */
  private static final List<String> OUT_OF_RANGE =
      List.of(
          "9223372036854775808",
          "18446744073709551616",
          "100000000000000000000000000000",
          "1e29",
          "1e309",
          "-1e309");

  /**
   * Issue 19 item 6: every numeric field of every body, given a number that is infinite or does not
   * fit the field, gets a 400 (a volume out of its range keeps seed 003's 422) that names the
   * field, and nothing is stored.
   */
  @Test
  void everyNumericFieldOutOfRangeGets400NamingIt() throws Exception {
    String taskId = http.createTask("{\"title\":\"keep me\"}");
    JsonObject resource =
        new JsonObject(http.send("POST", "/resources", "{\"name\":\"keep\",\"value\":1}").body());
    String resourcePath = "/resources/" + resource.getString("id");
    Map<String, String> before = snapshot();
    List<NumericField> fields =
        List.of(
            new NumericField("POST", "/tasks", "{\"title\":\"t\",\"due_date\":%s}", "due_date"),
            new NumericField(
                "PUT", "/tasks/" + taskId, "{\"title\":\"t\",\"due_date\":%s}", "due_date"),
            new NumericField("POST", "/api/beers", "{\"tapId\":%s,\"volume\":500}", "tapId"),
            new NumericField("POST", "/api/beers", "{\"tapId\":1,\"volume\":%s}", "volume"),
            new NumericField(
                "POST",
                "/api/beers/batch",
                "{\"beers\":[{\"tapId\":%s,\"volume\":500}]}",
                "beers[0].tapId"),
            new NumericField(
                "POST", "/api/beers/batch", "{\"beers\":[{\"tapId\":1,\"volume\":%s}]}", "volume"),
            new NumericField(
                "POST", "/books", "{\"title\":\"t\",\"author\":\"a\",\"year\":%s}", "year"),
            new NumericField(
                "POST", "/books", "{\"title\":\"t\",\"author\":\"a\",\"score\":%s}", "score"),
            new NumericField(
                "PUT", "/books/1", "{\"title\":\"t\",\"author\":\"a\",\"year\":%s}", "year"),
            new NumericField("POST", "/resources", "{\"name\":\"n\",\"value\":%s}", "value"),
            new NumericField("PATCH", resourcePath, "{\"value\":%s}", "value"),
            new NumericField(
                "POST", "/jobs", "{\"type\":\"report.tasks\",\"max_attempts\":%s}", "max_attempts"),
            new NumericField(
                "POST", "/jobs", "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":%s}}", "ms"),
            new NumericField(
                "POST",
                "/jobs",
                "{\"type\":\"demo.sleep\",\"payload\":{\"ms\":1,\"fail_first\":%s}}",
                "fail_first"));
    List<String> problems = new ArrayList<>();
    for (NumericField numeric : fields) {
      for (String number : OUT_OF_RANGE) {
        String body = String.format(numeric.template(), number);
        StringBuilder answer = new StringBuilder();
        int status =
            send(
                port,
                new Probe(
                    numeric.method(), numeric.target(), "application/json", utf8(body), Map.of()),
                answer)[0];
        boolean volumeRange = numeric.field().equals("volume") && status == 422;
        String message;
        try {
          message = new JsonObject(answer.toString()).getString("message", "");
        } catch (RuntimeException notJson) {
          message = "not JSON: " + answer;
        }
        if (!(status == 400 || volumeRange)
            || !message
                .toLowerCase(java.util.Locale.ROOT)
                .contains(numeric.field().toLowerCase(java.util.Locale.ROOT))) {
          problems.add(
              numeric.method()
                  + " "
                  + numeric.target()
                  + " "
                  + body
                  + " -> "
                  + status
                  + " "
                  + message);
        }
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(before, snapshot(), "no stored data changed");
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
