package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as a user runs it: its help, its refusals, and its data across restarts. */
class CommandLineIT {

  @TempDir Path workDir;

  @Test
  void helpListsEveryOptionAndExitsZero() throws Exception {
    try (NodeProcess node = NodeProcess.start("help", workDir, "--help")) {
      assertEquals(0, node.awaitExit(Duration.ofSeconds(30)));
      String help = node.output();
      for (String option : List.of("--port", "--data-dir", "--db-url", "--host", "--help")) {
        assertTrue(help.contains(option), option + " missing from:\n" + help);
      }
    }
  }

  @Test
  void aBadValueGivesOneLineAndExitCodeTwo() throws Exception {
    try (NodeProcess node = NodeProcess.start("bad", workDir, "--port", "eighty")) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(30)));
      List<String> lines = node.output().lines().toList();
      assertEquals(1, lines.size(), node.output());
      assertTrue(lines.get(0).startsWith("eventstack: invalid value for --port"), lines.get(0));
    }
  }

  @Test
  void keepsTheDataWhenStoppedAndStartedAgain() throws Exception {
    int port = TestHttp.freePort();
    String[] args = {"--port", String.valueOf(port), "--data-dir", workDir.resolve("data").toString()};
    TestHttp http = new TestHttp(port);
    String id;
    try (NodeProcess first = NodeProcess.start("first", workDir, args)) {
      first.awaitReady();
      id = http.createTask("{\"title\":\"across restarts\"}");
      first.terminate();
      first.awaitExit(Duration.ofSeconds(30));
    }
    try (NodeProcess second = NodeProcess.start("second", workDir, args)) {
      second.awaitReady();
      assertEquals(
          new JsonObject().put("title", "across restarts"), http.getJson("/tasks/" + id));
    }
  }
}
