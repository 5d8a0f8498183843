package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node's command line and environment, read into its configuration (no node starts). */
class NodeOptionsTest {

  private static NodeConfig parse(String... args) {
    return Cli.resolve(List.of(args), Map.of());
  }

  private static NodeConfig parse(List<String> args, Map<String, String> env) {
    return Cli.resolve(args, env);
  }

  @Test
  void defaultsRunEverythingOnLoopbackWithTheEmbeddedDatabase() {
    NodeConfig options = parse();
    assertEquals("127.0.0.1", options.host());
    assertEquals(8080, options.port());
    assertEquals("data", options.section("db").getString("dataDir"));
    assertNull(options.dbUrl());
    assertEquals(List.of("http", "ws", "db", "scheduler"), options.verticles());
    assertFalse(options.cluster().enabled());
    assertEquals(0, options.cluster().port(), "the first free port from 5701 up");
    assertEquals(
        List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"), options.cluster().members());
    assertEquals(Runtime.getRuntime().availableProcessors(), options.instances());
  }

  @Test
  void readsBothOptionForms() {
    NodeConfig options =
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
    assertEquals("/tmp/x", options.section("db").getString("dataDir"));
    assertEquals("mongodb://db:27017/es", options.dbUrl());
    assertEquals(3, options.instances());
    assertEquals(List.of("http", "db"), options.verticles());
    assertTrue(options.cluster().enabled());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), options.cluster().members());
    assertEquals("blue", options.cluster().name());
    assertEquals("0.0.0.0", options.host());
  }

  @Test
  void takesClusterMembersFromTheEnvironmentUnlessGivenOnTheCommandLine() {
    Map<String, String> env = Map.of("CLUSTER_MEMBERS", "a:5701, b:5702");
    assertEquals(List.of("a:5701", "b:5702"), parse(List.of(), env).cluster().members());
    assertEquals(List.of("c"), parse(List.of("--cluster-members", "c"), env).cluster().members());
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
        "--cluster-port=-1",
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
  void refusesAConfigFileThatIsNotAJsonObject(@TempDir Path dir) throws Exception {
    Path broken = java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"http\": ");
    UsageException e =
        assertThrows(UsageException.class, () -> parse("--config", broken.toString()));
    assertTrue(e.getMessage().contains("is not a JSON object"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    Path good =
        java.nio.file.Files.writeString(dir.resolve("good.json"), "{\"http\": {\"port\": 9100}}");
    assertEquals(9100, parse("--config", good.toString()).port());
  }

  @Test
  void refusesAnOptionWithNoValue() {
    assertTrue(
        assertThrows(UsageException.class, () -> parse("--port"))
            .getMessage()
            .contains("Missing required parameter for option '--port'"));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    String help = Cli.commandLine().getUsageMessage().replaceAll("\\s+", " ");
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
            "--help",
            "--version")) {
      assertTrue(help.matches("(?s).*\\s" + option + "[ ,=].*"), option);
    }
    assertTrue(help.contains("[$PORT or 8080]"), help);
    assertTrue(help.contains("the same as --cluster"), "lock_server's mapping");
    assertTrue(help.contains("[data]"), help);
    assertTrue(help.contains("token"), "the subcommands are listed");
  }

  @Test
  void authIsOffUnlessTheFlagOrTheEnvironmentTurnsItOn() {
    assertFalse(parse().auth());
    assertTrue(parse("--auth").auth());
    assertTrue(parse(List.of(), Map.of("EVENTSTACK_AUTH", "true")).auth());
    assertFalse(parse(List.of(), Map.of("EVENTSTACK_AUTH", "false")).auth());
    assertTrue(parse(List.of("--auth"), Map.of("EVENTSTACK_AUTH", "false")).auth());
  }

  @Test
  void statsIntervalTakesADurationOrOff() {
    assertEquals(new JsonObject().put("every", "30s").put("exclusive", true), beerStats(parse()));
    assertEquals(
        new JsonObject().put("every", "5s").put("exclusive", true).put("enabled", true),
        beerStats(parse("--stats-interval", "5s")));
    assertEquals(false, beerStats(parse("--stats-interval=off")).getBoolean("enabled"));
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
    NodeConfig options =
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
        new JsonObject().put("host", "logs").put("port", 5140),
        options.section("logging").getJsonObject("udp"));
    assertEquals(2, options.instances());
    assertTrue(options.cluster().enabled(), "--lock_server maps to --cluster");
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
    NodeConfig fromEnv = parse(List.of(), heroku);
    assertEquals(5000, fromEnv.port());
    assertEquals("mongodb://u:pw@db.example:27017/prod", fromEnv.dbUrl());
    NodeConfig overridden =
        parse(List.of("--port", "6000", "--db-url", "mongodb://other/x"), heroku);
    assertEquals(6000, overridden.port());
    assertEquals("mongodb://other/x", overridden.dbUrl());
    assertEquals(
        "mongodb://seed001:27017/books",
        parse(List.of(), Map.of("MONGODB_URL", "mongodb://seed001:27017/books")).dbUrl());
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
    assertEquals("DEBUG", parse("--env", "dev").section("logging").getString("level"));
  }

  @Test
  void layersGoDefaultsProfileFileEnvironmentThenCommandLine(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("c.json"), "{\"http\": {\"port\": 7001, \"host\": \"0.0.0.0\"}}");
    NodeConfig fileOnly = parse(List.of("--env", "prod", "--config", file.toString()), Map.of());
    assertEquals(7001, fileOnly.port(), "the file over the defaults");
    assertEquals(20000, fileOnly.section("http").getInteger("shutdownGraceMs"), "the profile");
    NodeConfig withEnv = parse(List.of("--config", file.toString()), Map.of("PORT", "7002"));
    assertEquals(7002, withEnv.port(), "the environment over the file");
    assertEquals("0.0.0.0", withEnv.host());
    NodeConfig withFlag =
        parse(List.of("--config", file.toString(), "--port", "7003"), Map.of("PORT", "7002"));
    assertEquals(7003, withFlag.port(), "the command line over all");
  }

  @Test
  void aBadEnvironmentVariableIsRefusedByItsName() {
    UsageException e =
        assertThrows(UsageException.class, () -> parse(List.of(), Map.of("PORT", "eighty")));
    assertEquals(
        "invalid value for --port: 'eighty' (expected an integer from 1 to 65535) (from $PORT)",
        e.getMessage());
  }

  @Test
  void seedLockServerJoinsTheClusterWithItsAddress() {
    NodeConfig options = parse("--lock-server-host", "locks", "--lock-server-port", "5801");
    assertTrue(options.cluster().enabled());
    assertTrue(
        options.cluster().members().contains("locks:5801"), options.cluster().members().toString());
  }

  private static JsonObject beerStats(NodeConfig options) {
    return options.section("scheduler").getJsonObject("jobs").getJsonObject("beer-stats");
  }
}
