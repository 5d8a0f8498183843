package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's own surface: help, version, completion, and the README's table of it. */
class CliTest {

  private static final Pattern TABLE =
      Pattern.compile("<!-- options:begin -->\\n(.*?)\\n?<!-- options:end -->", Pattern.DOTALL);

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Cli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theReadmeTableIsTheOneTheDeclarationMakes() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher table = TABLE.matcher(readme);
    assertTrue(table.find(), "README.md has no <!-- options:begin --> ... <!-- options:end -->");
    // The expected table, to paste into the README when this fails.
    Files.writeString(Path.of("target", "options-table.md"), Cli.optionsTable() + "\n");
    assertEquals(
        Cli.optionsTable(),
        table.group(1),
        "README.md's options table is stale; paste launcher/target/options-table.md there");
  }

  @Test
  void helpShowsEveryOptionOfTheTableAndExitsZero() {
    Run help = run("--help");
    assertEquals(0, help.code());
    Matcher name = Pattern.compile("`(--[a-z_-]+)").matcher(Cli.optionsTable());
    int names = 0;
    while (name.find()) {
      assertTrue(help.out().contains(name.group(1)), name.group(1) + " is not in --help");
      names++;
    }
    assertTrue(names > 40, "every option and alias: " + names);
    assertEquals(0, run("run", "--help").code(), "run has the same options");
    assertTrue(run("run", "--help").out().contains("--cluster-port"));
  }

  @Test
  void versionIsTheOneAboutShows() {
    Run version = run("--version");
    assertEquals(0, version.code());
    assertEquals("eventstack " + Cli.Version.version(), version.out().strip());
    assertNotEquals("dev", Cli.Version.version(), "read from the jar's version file");
    assertEquals(version.out(), run("token", "--version").out(), "every command knows it");
  }

  @Test
  void aBadValueOrAnUnknownOptionIsOneLineAndExitCodeTwo() {
    for (String[] args :
        new String[][] {
          {"--port", "eighty"}, {"--bogus"}, {"token"}, {"taps", "--taps", "0"}, {"--ssl=yes"}
        }) {
      Run refused = run(args);
      assertEquals(2, refused.code(), String.join(" ", args));
      assertEquals(1, refused.err().lines().count(), refused.err());
      assertTrue(refused.err().startsWith("eventstack"), refused.err());
    }
  }

  @Test
  void generatesABashCompletionScript() {
    Run completion = run("generate-completion");
    assertEquals(0, completion.code());
    assertTrue(completion.out().contains("complete -F"), completion.out());
    assertTrue(completion.out().contains("--cluster-port"));
    assertTrue(completion.out().contains("bench-ws"));
  }
}
