package dev.eventstack.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client over real sockets, for black-box tests. */
final class TestHttp {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  TestHttp(int port) {
    this("http://127.0.0.1:" + port, null);
  }

  private TestHttp(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same client, sending {@code Authorization: Bearer <token>}. */
  TestHttp withToken(String token) {
    return new TestHttp(base, "Bearer " + token);
  }

  HttpResponse<String> send(String method, String path, String body) {
    return send(method, path, body, "application/json");
  }

  HttpResponse<String> send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  JsonObject getJson(String path) {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " → " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** Creates a task and returns its id, taken from the Location header. */
  String createTask(String json) {
    HttpResponse<String> response = send("POST", "/tasks", json);
    if (response.statusCode() != 201) {
      throw new AssertionError("POST /tasks → " + response.statusCode() + " " + response.body());
    }
    String location = response.headers().firstValue("Location").orElseThrow();
    return location.substring("/tasks/".length());
  }

  /**
   * A port that is free now and that the system will not hand out meanwhile. The ports that {@code
   * bind(0)} returns come from the ephemeral range, which every outgoing connection also draws
   * from, so one of them could be taken before the node under test binds it (ClusterIT once failed
   * so). This draws from below that range instead, and checks that nothing listens.
   */
  static int freePort() {
    int below = ephemeralRangeStart();
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int tries = 0; tries < 100; tries++) {
      int candidate = random.nextInt(below - 8_000, below);
      try (ServerSocket socket =
          new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port below " + below);
  }

  /** The first port of the system's ephemeral range (Linux), or 32768. */
  private static int ephemeralRangeStart() {
    try {
      String range =
          java.nio.file.Files.readString(
                  java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .trim();
      return Math.max(16_000, Integer.parseInt(range.split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
