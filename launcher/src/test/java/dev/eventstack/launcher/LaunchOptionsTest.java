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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
        parse("--port=9000", "--data-dir", "/tmp/x", "--db-url", "mongodb://db:27017/es",
            "--proc", "3", "--verticles", "http,db", "--cluster", "--cluster-members",
            "10.0.0.1:5701,10.0.0.2", "--cluster-name", "blue", "--host", "0.0.0.0");
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
        List.of("c"),
        LaunchOptions.parse(List.of("--cluster-members", "c"), env).clusterMembers());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--port=abc", "--port=0", "--port=70000", "--instances=-1", "--proc=x",
        "--db-url=http://x", "--verticles=http,cache", "--cluster-port=0",
        "--cluster-members=a:notaport", "--cluster-name=has space", "--data-dir=", "--bogus=1",
        "stray"
      })
  void refusesABadValueWithOneLine(String arg) {
    UsageException e = assertThrows(UsageException.class, () -> parse(arg));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void refusesAnOptionWithNoValue() {
    assertTrue(assertThrows(UsageException.class, () -> parse("--port")).getMessage()
        .contains("needs a value"));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    assertTrue(parse("--help").help());
    for (String option :
        List.of("--host", "--port", "--data-dir", "--db-url", "--instances", "--proc",
            "--verticles", "--cluster", "--cluster-members", "--cluster-host", "--cluster-port",
            "--cluster-name", "--auth", "--stats-interval", "--help")) {
      assertTrue(LaunchOptions.USAGE.matches("(?s).*\\s" + option + "[ ,].*"), option);
    }
    assertTrue(LaunchOptions.USAGE.contains("[8080]"));
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
      assertTrue(assertThrows(UsageException.class, () -> parse("--stats-interval", bad))
          .getMessage().startsWith("invalid value for --stats-interval"), bad);
    }
  }
}
