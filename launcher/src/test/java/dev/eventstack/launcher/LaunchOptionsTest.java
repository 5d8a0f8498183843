package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchOptionsTest {

  private static LaunchOptions parse(String... args) {
    return LaunchOptions.parse(List.of(args), Map.of());
  }

  @Test
  void defaultsRunEverythingOnLoopbackWithTheEmbeddedDatabase() {
    LaunchOptions options = parse();
    assertEquals("127.0.0.1", options.host());
    assertEquals(8080, options.port());
    assertEquals(Path.of("data"), options.dataDir());
    assertNull(options.dbUrl());
    assertEquals(LaunchOptions.ALL_VERTICLES, options.verticles());
    assertFalse(options.cluster());
    assertEquals(List.of("127.0.0.1"), options.clusterMembers());
    assertEquals(Runtime.getRuntime().availableProcessors(), options.effectiveInstances());
  }

  @Test
  void readsBothOptionForms() {
    LaunchOptions options =
        parse(
            "--port=9000",
            "--data-dir",
            "/tmp/x",
            "--db-url",
            "mongodb://db:27017/es",
            "--proc",
            "3",
            "--verticles",
            "http,db",
            "--cluster",
            "--cluster-members",
            "10.0.0.1:5701,10.0.0.2",
            "--cluster-name",
            "blue",
            "--host",
            "0.0.0.0");
    assertEquals(9000, options.port());
    assertEquals(Path.of("/tmp/x"), options.dataDir());
    assertEquals("mongodb://db:27017/es", options.dbUrl());
    assertEquals(3, options.effectiveInstances());
    assertEquals(Set.of("http", "db"), options.verticles());
    assertTrue(options.cluster());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), options.clusterMembers());
    assertEquals("blue", options.clusterName());
    assertEquals("0.0.0.0", options.host());
  }

  @Test
  void takesClusterMembersFromTheEnvironmentUnlessGivenOnTheCommandLine() {
    Map<String, String> env = Map.of("CLUSTER_MEMBERS", "a:5701, b:5702");
    assertEquals(List.of("a:5701", "b:5702"), LaunchOptions.parse(List.of(), env).clusterMembers());
    assertEquals(
        List.of("c"), LaunchOptions.parse(List.of("--cluster-members", "c"), env).clusterMembers());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--port=abc",
        "--port=0",
        "--port=70000",
        "--instances=-1",
        "--proc=x",
        "--db-url=http://x",
        "--db-url=mongodb://",
        "--db-url=mongodb://host:notaport/db",
        "--host=999.1.1.1",
        "--host=bad host",
        "--host=-leading.dash",
        "--verticles=http,cache",
        "--cluster-port=0",
        "--cluster-members=a:notaport",
        "--cluster-name=has space",
        "--data-dir=",
        "--bogus=1",
        "stray"
      })
  void refusesABadValueWithOneLine(String arg) {
    UsageException e = assertThrows(UsageException.class, () -> parse(arg));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void acceptsHostsOfEveryForm() {
    for (String host :
        List.of("0.0.0.0", "127.0.0.1", "::1", "fe80::1%eth0", "localhost", "db-1.example.org")) {
      assertEquals(host, parse("--host", host).host());
    }
  }

  @Test
  void refusesAConfigFileThatIsNotAJsonObject(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path broken = java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"http\": ");
    UsageException e =
        assertThrows(UsageException.class, () -> parse("--config", broken.toString()));
    assertTrue(e.getMessage().contains("is not a JSON object"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    Path good = java.nio.file.Files.writeString(dir.resolve("good.json"), "{\"http\": {}}");
    assertEquals(good, parse("--config", good.toString()).configFile());
  }

  @Test
  void refusesAnOptionWithNoValue() {
    assertTrue(
        assertThrows(UsageException.class, () -> parse("--port"))
            .getMessage()
            .contains("needs a value"));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    assertTrue(parse("--help").help());
    for (String option :
        List.of(
            "--host",
            "--port",
            "--data-dir",
            "--db-url",
            "--instances",
            "--proc",
            "--verticles",
            "--cluster",
            "--cluster-members",
            "--cluster-host",
            "--cluster-port",
            "--cluster-name",
            "--auth",
            "--stats-interval",
            "--env",
            "--ssl",
            "--ssl-cert",
            "--ssl-key",
            "--redirect-http",
            "--log-host",
            "--log-port",
            "--log-level",
            "--db-host",
            "--db-port",
            "--db-name",
            "--db-user",
            "--db-password",
            "--lock-server",
            "--workers",
            "--config",
            "--help")) {
      assertTrue(LaunchOptions.USAGE.matches("(?s).*\\s" + option + "[ ,].*"), option);
    }
    assertTrue(LaunchOptions.USAGE.contains("[$PORT or 8080]"));
    assertTrue(LaunchOptions.USAGE.contains("the same as --cluster"), "lock_server's mapping");
    assertTrue(LaunchOptions.USAGE.contains("[./data]"));
  }

  @Test
  void authIsOffUnlessTheFlagOrTheEnvironmentTurnsItOn() {
    assertFalse(parse().auth());
    assertTrue(parse("--auth").auth());
    assertTrue(LaunchOptions.parse(List.of(), Map.of("EVENTSTACK_AUTH", "true")).auth());
    assertFalse(LaunchOptions.parse(List.of(), Map.of("EVENTSTACK_AUTH", "false")).auth());
  }

  @Test
  void statsIntervalTakesADurationOrOff() {
    assertNull(parse().statsInterval(), "the config's default applies");
    assertEquals("5s", parse("--stats-interval", "5s").statsInterval());
    assertEquals("off", parse("--stats-interval=off").statsInterval());
    for (String bad : List.of("soon", "10ms", "5")) {
      assertTrue(
          assertThrows(UsageException.class, () -> parse("--stats-interval", bad))
              .getMessage()
              .startsWith("invalid value for --stats-interval"),
          bad);
    }
  }

  @Test
  void seed000sSnakeCaseNamesWorkAndBuildTheMongoUrl() {
    LaunchOptions options =
        parse(
            "--db_host",
            "mongo",
            "--db_port=27018",
            "--db_name",
            "shop",
            "--db_user",
            "app",
            "--db_password",
            "p@ss word",
            "--log_host",
            "logs",
            "--log_port",
            "5140",
            "--proc",
            "2",
            "--lock_server");
    assertEquals("mongodb://app:p%40ss+word@mongo:27018/shop", options.dbUrl());
    assertEquals(
        new io.vertx.core.json.JsonObject().put("host", "logs").put("port", 5140),
        options.overrides().getJsonObject("logging").getJsonObject("udp"));
    assertEquals(2, options.effectiveInstances());
    assertTrue(options.cluster(), "--lock_server maps to --cluster");
  }

  @Test
  void readsSeedEnvironmentVariablesBelowTheCommandLine() {
    Map<String, String> heroku =
        Map.of(
            "PORT",
            "5000",
            "MONGODB_HOST",
            "db.example",
            "MONGODB_USER",
            "u",
            "MONGODB_PASSWORD",
            "pw",
            "MONGODB_NAME",
            "prod");
    LaunchOptions fromEnv = LaunchOptions.parse(List.of(), heroku);
    assertEquals(5000, fromEnv.port());
    assertEquals("mongodb://u:pw@db.example:27017/prod", fromEnv.dbUrl());
    LaunchOptions overridden =
        LaunchOptions.parse(List.of("--port", "6000", "--db-url", "mongodb://other/x"), heroku);
    assertEquals(6000, overridden.port());
    assertEquals("mongodb://other/x", overridden.dbUrl());
    assertEquals(
        "mongodb://seed001:27017/books",
        LaunchOptions.parse(List.of(), Map.of("MONGODB_URL", "mongodb://seed001:27017/books"))
            .dbUrl());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--ssl",
        "--redirect-http 8443",
        "--ssl-cert /nope",
        "--db-url mongodb://a --db-host b",
        "--db-user u",
        "--log-host h",
        "--log-port 1",
        "--log-level loud",
        "--env nosuchprofile",
        "--db-name bad.name",
        "--ssl=yes",
        "--port 9000 --bridge-port 9000",
        "--cluster --cluster-port 8080"
      })
  void refusesConflictsAndBadValuesInOneLine(String args) {
    UsageException e = assertThrows(UsageException.class, () -> parse(args.split(" ")));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void sslWithoutACertificateSaysHowToMakeOne() {
    UsageException e = assertThrows(UsageException.class, () -> parse("--ssl"));
    assertTrue(e.getMessage().contains("scripts/dev-cert"), e.getMessage());
  }

  @Test
  void aShippedProfileIsAccepted() {
    assertEquals("dev", parse("--env", "dev").profile());
  }
}
