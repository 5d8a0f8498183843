package dev.eventstack.launcher;

import dev.eventstack.bench.BenchBaselineCommand;
import dev.eventstack.bench.BenchWsCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line of {@code java -jar eventstack.jar}, on picocli: the node's options ({@link
 * NodeOptions}) at the top and under {@code run}, and the tools as subcommands. A bad value or a
 * conflict prints one line and exits with 2, before anything starts.
 */
@Command(
    name = "eventstack",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "[COMMAND]",
    description = {
      "Runs the eventstack verticles: the to-do API, the beer taps, the books and their web UI,"
          + " the job queue, in one JVM by default ('run' is the default command).",
      "",
      "Options take their value as the next argument or as --option=value. Each default is the"
          + " one of conf/application.json; a [$NAME] variable sets an option that the command"
          + " line leaves out. A bad value or a conflict prints one line and exits with code 2.",
      ""
    },
    subcommands = {
      Cli.Run.class,
      TokenCommand.class,
      TapsCommand.class,
      BenchBaselineCommand.class,
      BenchWsCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Cli implements Callable<Integer> {

  /** What a command returns when its work goes on after it (the node runs until stopped). */
  static final int KEEP_RUNNING = BenchBaselineCommand.KEEP_RUNNING;

  static final int EXIT_USAGE = 2;
  static final int EXIT_FAILED = 1;

  @Mixin NodeOptions options;

  /** {@code eventstack run [options]}: the same as no command. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      versionProvider = Cli.Version.class,
      sortOptions = false,
      usageHelpAutoWidth = true,
      description = {"Starts a node (the default command).", ""})
  static final class Run implements Callable<Integer> {
    @Mixin NodeOptions options;

    @Override
    public Integer call() {
      return Main.runNode(options);
    }
  }

  @Override
  public Integer call() {
    return Main.runNode(options);
  }

  /** The command line, with each option's help completed from its declaration. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Cli());
    describeSettings(cli.getCommandSpec());
    describeSettings(cli.getSubcommands().get("run").getCommandSpec());
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + message(e));
          err.flush();
          return EXIT_USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          String name = commandLine.getCommandSpec().qualifiedName();
          PrintWriter err = commandLine.getErr();
          if (e instanceof UsageException) {
            err.println(name + ": " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
          }
          Throwable cause = e.getCause() == null ? e : e.getCause();
          err.println(name + ": " + cause.getMessage());
          err.flush();
          return EXIT_FAILED;
        });
    return cli;
  }

  /**
   * The node's configuration from a command line and an environment, as {@code run} builds it;
   * refuses a bad value or a conflict with a {@link UsageException}.
   */
  static NodeConfig resolve(List<String> args, Map<String, String> env) {
    NodeOptions options = new NodeOptions();
    CommandLine cli = new CommandLine(options);
    try {
      cli.parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new UsageException(message(e));
    }
    return resolve(options, env);
  }

  static NodeConfig resolve(NodeOptions options, Map<String, String> env) {
    return NodeConfig.resolve(options.profile, options.configFile, Overrides.of(options, env));
  }

  /**
   * picocli's message, with a value's refusal in the launcher's words: {@code invalid value for
   * --port: 'x' (expected ...)}.
   */
  static String message(ParameterException e) {
    if (e.getCause() instanceof TypeConversionException refusal
        && e.getArgSpec() instanceof OptionSpec option) {
      return "invalid value for " + option.longestName() + ": " + refusal.getMessage();
    }
    return e.getMessage().lines().findFirst().orElse("").strip();
  }

  /**
   * Completes the help line of every option that sets a configuration key: the variable that sets
   * it and its default, read from {@code conf/application.json}.
   */
  private static void describeSettings(CommandSpec spec) {
    List<OptionSpec> options = List.copyOf(spec.options());
    options.forEach(spec::remove);
    for (OptionSpec option : options) {
      Field field = Overrides.field(option.longestName());
      if (field == null) {
        spec.addOption(option);
        continue;
      }
      String description = String.join(" ", option.description()) + " " + defaultNote(field);
      spec.addOption(option.toBuilder().description(description.strip()).build());
    }
  }

  /** {@code [$PORT or 8080]}, {@code [8080]}, {@code [$MONGODB_URL]}, or "" for neither. */
  static String defaultNote(Field field) {
    Setting setting = field.getAnnotation(Setting.class);
    String value = defaultValue(field);
    String env = setting.env().isEmpty() ? null : "$" + setting.env();
    if (env == null && value == null) {
      return "";
    }
    return "[" + (env == null ? value : value == null ? env : env + " or " + value) + "]";
  }

  /** The default of an option, as {@code conf/application.json} has it, or null. */
  static String defaultValue(Field field) {
    Setting setting = field.getAnnotation(Setting.class);
    if (field.getType() == Boolean.class) {
      return null;
    }
    if (setting.key().equals("db.url") && !field.getName().equals("dbUrl")
        || field.getName().startsWith("lockServer")) {
      return null;
    }
    Object value = ConfigLayers.get(ConfigLayers.defaults(), setting.key());
    Option option = field.getAnnotation(Option.class);
    if (Integer.valueOf(0).equals(value) && option.converter()[0] == Converters.Port.class) {
      return "off";
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    if (value instanceof JsonObject || value == null) {
      return null;
    }
    return String.valueOf(value);
  }

  /**
   * The README's table of the options: one row per option, in the order of {@code --help}, made
   * from the same declaration. {@code CliTest} fails when the README's copy differs.
   */
  static String optionsTable() {
    CommandSpec spec = commandLine().getCommandSpec();
    List<String> rows = new ArrayList<>();
    rows.add("| option | default | meaning |");
    rows.add("|---|---|---|");
    for (OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String names =
          List.of(option.names()).stream()
              .map(
                  name ->
                      "`"
                          + name
                          + (option.arity().max() > 0 ? " " + option.paramLabel() : "")
                          + "`")
              .collect(Collectors.joining(", "));
      String description = String.join(" ", option.description());
      String note = "";
      int bracket = description.lastIndexOf(" [");
      if (bracket > 0 && description.endsWith("]")) {
        note = description.substring(bracket + 2, description.length() - 1);
        description = description.substring(0, bracket);
      }
      rows.add(
          "| "
              + names
              + " | "
              + (note.isEmpty() ? "–" : "`" + note.replace(" or ", "` or `") + "`")
              + " | "
              + description.replace("|", "\\|")
              + " |");
    }
    rows.add("| `-h`, `--help` | – | print the help and exit |");
    rows.add("| `-V`, `--version` | – | print the version and exit |");
    return String.join("\n", rows);
  }

  /**
   * The version that {@code /about} shows, from the jar's {@code eventstack-version.properties}.
   */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"eventstack " + version()};
    }

    static String version() {
      try (InputStream in = Cli.class.getResourceAsStream("/eventstack-version.properties")) {
        Properties properties = new Properties();
        if (in != null) {
          properties.load(in);
        }
        return properties.getProperty("version", "dev");
      } catch (IOException e) {
        return "dev";
      }
    }
  }
}
