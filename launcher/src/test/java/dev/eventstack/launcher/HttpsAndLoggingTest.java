package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Black-box: HTTPS with a dev certificate, the HTTP redirect, and logs over UDP. */
class HttpsAndLoggingTest {

  @TempDir Path dir;
  private EventStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close().await(30, SECONDS);
    }
    LoggingSetup.detachUdp();
  }

  /** Makes a pair with scripts/dev-cert, as a user would. */
  private Path devCert() throws Exception {
    Process script =
        new ProcessBuilder("bash", "../scripts/dev-cert", dir.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(0, script.waitFor(), new String(script.getInputStream().readAllBytes()));
    return dir;
  }

  /** A client that trusts exactly that certificate. */
  private static HttpClient trusting(Path cert, HttpClient.Redirect redirect) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(tls)
        .followRedirects(redirect)
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void servesHttpsWithHttp2AndRedirectsPlainHttp() throws Exception {
    Path keys = devCert();
    int port = TestHttp.freePort();
    int plain = TestHttp.freePort();
    stack =
        EventStack.start(
                "--port",
                String.valueOf(port),
                "--data-dir",
                dir.resolve("data").toString(),
                "--ssl",
                "--ssl-cert",
                keys.resolve("server.crt").toString(),
                "--ssl-key",
                keys.resolve("server.key").toString(),
                "--redirect-http",
                String.valueOf(plain),
                "--stats-interval",
                "off")
            .await(30, SECONDS);

    HttpClient client = trusting(keys.resolve("server.crt"), HttpClient.Redirect.NEVER);
    HttpResponse<String> ping =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/ping")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ping.statusCode());
    assertEquals("pong", ping.body());
    assertEquals(HttpClient.Version.HTTP_2, ping.version(), "HTTP/2 through ALPN");

    HttpResponse<String> moved =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + plain + "/books?limit=1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(301, moved.statusCode());
    assertEquals(
        "https://localhost:" + port + "/books?limit=1",
        moved.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void sendsEachLogEventAsAUdpDatagramIncludingTheRequestsCanonicalLine() throws Exception {
    try (DatagramSocket listener = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(10_000);
      int port = TestHttp.freePort();
      stack =
          EventStack.start(
                  "--port",
                  String.valueOf(port),
                  "--data-dir",
                  dir.resolve("data").toString(),
                  "--log_host",
                  "127.0.0.1",
                  "--log_port",
                  String.valueOf(listener.getLocalPort()),
                  "--stats-interval",
                  "off")
              .await(30, SECONDS);

      HttpResponse<String> ping =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                      .header("X-Request-Id", "udp-check-1")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ping.statusCode());

      byte[] buffer = new byte[65_536];
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          listener.receive(packet);
        } catch (SocketTimeoutException e) {
          break;
        }
        String datagram =
            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        if (datagram.contains("req_id=\"udp-check-1\"") && datagram.contains("uri=\"/ping\"")) {
          assertTrue(datagram.startsWith("<"), "a syslog datagram: " + datagram);
          return;
        }
      }
      throw new AssertionError("the request's access line never arrived over UDP");
    }
  }

  @Test
  void aDeadUdpTargetDoesNotStopRequests() throws Exception {
    int deadPort = TestHttp.freePort();
    int port = TestHttp.freePort();
    stack =
        EventStack.start(
                "--port",
                String.valueOf(port),
                "--data-dir",
                dir.resolve("data").toString(),
                "--log-host",
                "127.0.0.1",
                "--log-port",
                String.valueOf(deadPort),
                "--stats-interval",
                "off")
            .await(30, SECONDS);
    TestHttp http = new TestHttp(port);
    for (int i = 0; i < 200; i++) {
      assertEquals(200, http.get("/ping").statusCode());
    }
  }
}
