package dev.eventstack.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The two top layers of the configuration, from the same declaration ({@link NodeOptions}): the
 * environment variables, then the command line over them. Each given option writes its {@link
 * Setting#key()}; a few seed 000 options combine (the MongoDB address, the lock server).
 */
final class Overrides {

  /** The fields of {@link NodeOptions} that set a configuration key, in declaration order. */
  static final List<Field> SETTINGS =
      Arrays.stream(NodeOptions.class.getDeclaredFields())
          .filter(field -> field.isAnnotationPresent(Setting.class))
          .toList();

  private static final Set<String> TRUE = Set.of("true", "1", "yes", "on");

  private Overrides() {}

  /** The environment's layer, then the command line's, merged into one JSON object. */
  static JsonObject of(NodeOptions commandLine, Map<String, String> env) {
    JsonObject overrides = new JsonObject();
    apply(fromEnvironment(env), "the environment", overrides);
    apply(commandLine, "the command line", overrides);
    return overrides;
  }

  /**
   * Reads the variables through the options they stand for, so that they get the same checks; a bad
   * one is refused with its variable's name.
   */
  static NodeOptions fromEnvironment(Map<String, String> env) {
    NodeOptions options = new NodeOptions();
    List<String> args = new ArrayList<>();
    List<Field> flags = new ArrayList<>();
    for (Field field : SETTINGS) {
      String variable = field.getAnnotation(Setting.class).env();
      String value = variable.isEmpty() ? null : env.get(variable);
      if (value == null || value.isBlank()) {
        continue;
      }
      if (field.getType() == Boolean.class) {
        flags.add(field);
      } else {
        args.add(name(field) + "=" + value);
      }
    }
    try {
      new CommandLine(options).parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new UsageException(Cli.message(e) + " (from $" + variableOf(e) + ")");
    }
    for (Field field : flags) {
      String value = env.get(field.getAnnotation(Setting.class).env());
      set(field, options, TRUE.contains(value.trim().toLowerCase(Locale.ROOT)));
    }
    return options;
  }

  private static String variableOf(ParameterException e) {
    Field field = e.getArgSpec() instanceof OptionSpec option ? field(option.longestName()) : null;
    return field == null ? "?" : field.getAnnotation(Setting.class).env();
  }

  /** The field of an option that sets a configuration key, by any of its names, or null. */
  static Field field(String optionName) {
    for (Field field : SETTINGS) {
      if (Arrays.asList(field.getAnnotation(Option.class).names()).contains(optionName)) {
        return field;
      }
    }
    return null;
  }

  /** The option's main name, such as {@code --db-host}. */
  static String name(Field field) {
    return field.getAnnotation(Option.class).names()[0];
  }

  private static void apply(NodeOptions options, String layer, JsonObject overrides) {
    for (Field field : SETTINGS) {
      Object value = get(field, options);
      Setting setting = field.getAnnotation(Setting.class);
      if (value == null
          || setting.key().equals("db.url")
          || setting.key().equals("cluster.members")) {
        continue;
      }
      if (field.getName().equals("statsInterval")) {
        statsInterval((String) value, overrides);
      } else if (value instanceof Boolean flag) {
        ConfigLayers.put(overrides, setting.key(), setting.inverted() != flag);
      } else if (value instanceof List<?> list) {
        ConfigLayers.put(overrides, setting.key(), new JsonArray(new ArrayList<>(list)));
      } else {
        ConfigLayers.put(overrides, setting.key(), value);
      }
    }
    mongoAddress(options, layer, overrides);
    members(options, overrides);
  }

  private static void statsInterval(String value, JsonObject overrides) {
    if (value.equals(Converters.OFF)) {
      ConfigLayers.put(overrides, "scheduler.jobs.beer-stats.enabled", false);
    } else {
      ConfigLayers.put(overrides, "scheduler.jobs.beer-stats.enabled", true);
      ConfigLayers.put(overrides, "scheduler.jobs.beer-stats.every", value);
    }
  }

  /**
   * Seed 000's MongoDB parts become one {@code db.url}. Within a layer, {@code --db-url} and {@code
   * --db-host} exclude each other; a higher layer's address replaces a lower one's whole.
   */
  private static void mongoAddress(NodeOptions options, String layer, JsonObject overrides) {
    if (options.dbHost == null) {
      if (options.dbPort != null || options.dbUser != null || options.dbPassword != null) {
        throw new UsageException(
            "--db-port, --db-user and --db-password need --db-host (in " + layer + ")");
      }
      if (options.dbUrl != null) {
        ConfigLayers.put(overrides, "db.url", options.dbUrl);
      }
      return;
    }
    if (options.dbUrl != null) {
      throw new UsageException("give either --db-url or --db-host, not both (in " + layer + ")");
    }
    if (options.dbPassword != null && options.dbUser == null) {
      throw new UsageException("--db-password needs --db-user");
    }
    String credentials =
        options.dbUser == null
            ? ""
            : encode(options.dbUser)
                + ":"
                + encode(options.dbPassword == null ? "" : options.dbPassword)
                + "@";
    Object name = ConfigLayers.get(overrides, "db.databaseName");
    ConfigLayers.put(
        overrides,
        "db.url",
        "mongodb://"
            + credentials
            + options.dbHost
            + ":"
            + (options.dbPort == null ? 27017 : options.dbPort)
            + "/"
            + (name == null ? ConfigLayers.get(ConfigLayers.defaults(), "db.databaseName") : name));
  }

  /** {@code --cluster-members}, and seed 000's lock server added to them. */
  private static void members(NodeOptions options, JsonObject overrides) {
    if (options.clusterMembers != null) {
      ConfigLayers.put(overrides, "cluster.members", new JsonArray(options.clusterMembers));
    }
    if (options.lockServerHost == null && options.lockServerPort == null) {
      return;
    }
    if (options.lockServerHost == null) {
      throw new UsageException("--lock-server-port needs --lock-server-host");
    }
    Object current = ConfigLayers.get(overrides, "cluster.members");
    JsonArray members =
        (current instanceof JsonArray given
                ? given
                : (JsonArray) ConfigLayers.get(ConfigLayers.defaults(), "cluster.members"))
            .copy();
    members.add(
        options.lockServerHost
            + ":"
            + (options.lockServerPort == null ? ClusterSetup.FIRST_PORT : options.lockServerPort));
    ConfigLayers.put(overrides, "cluster.members", members);
    ConfigLayers.put(overrides, "cluster.enabled", true);
  }

  private static Object get(Field field, NodeOptions options) {
    try {
      return field.get(options);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void set(Field field, NodeOptions options, Object value) {
    try {
      field.set(options, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8);
  }
}
