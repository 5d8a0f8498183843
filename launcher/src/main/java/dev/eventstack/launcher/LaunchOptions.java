package dev.eventstack.launcher;

import dev.eventstack.contract.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code java -jar eventstack.jar}: every option, its default and its check.
 * Parsing never starts anything, so a bad value is refused before the system starts.
 */
record LaunchOptions(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    int instances,
    Set<String> verticles,
    boolean cluster,
    List<String> clusterMembers,
    String clusterHost,
    int clusterPort,
    String clusterName,
    boolean auth,
    String statsInterval,
    Integer workers,
    Path configFile,
    boolean sampleData,
    boolean help) {

  static final Set<String> ALL_VERTICLES = Set.of("http", "ws", "db", "scheduler");
  static final int DEFAULT_CLUSTER_PORT = 5701;
  static final String OFF = "off";

  /** One line of {@code --help} per option, in the order they are listed. */
  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar launcher/target/eventstack.jar [options]",
          "       java -jar launcher/target/eventstack.jar token --subject NAME [options]",
          "       java -jar launcher/target/eventstack.jar taps [options]",
          "",
          "Runs the eventstack verticles: the to-do API, the beer taps and the web UI, one JVM by",
          "default. 'token' prints a JWT for --auth; 'taps' simulates beer taps. Each has --help.",
          "",
          "Options (default in brackets):",
          "  --host ADDR              address the HTTP server binds [127.0.0.1]",
          "  --port N                 HTTP port, 1-65535 [8080]",
          "  --data-dir DIR           files of the embedded database [./data]",
          "  --db-url mongodb://...   use this MongoDB instead of the embedded one [none]",
          "  --instances N            http and ws verticle instances, 0 = one per core [0]",
          "  --proc N                 alias of --instances, as in seed 000",
          "  --verticles LIST         which verticles this node runs, from http,ws,db,scheduler [all]",
          "  --cluster                join a Hazelcast cluster over TCP [off]",
          "  --cluster-members LIST   host[:port],... of cluster members [$CLUSTER_MEMBERS or 127.0.0.1]",
          "  --cluster-host ADDR      address Hazelcast and the event bus bind [127.0.0.1]",
          "  --cluster-port N         Hazelcast port [5701]",
          "  --cluster-name NAME      cluster name; stacks with other names never merge [eventstack]",
          "  --auth                   beer writes and /sockets/beers need a JWT [$EVENTSTACK_AUTH or off]",
          "                           key: $EVENTSTACK_AUTH_KEY, else DATA_DIR/auth.key (made once)",
          "  --workers N              queued jobs this node runs at once, 0 = none [2]",
          "  --config FILE            JSON file over conf/application.json's defaults [none]",
          "  --no-sample-data         do not seed the 35 sample books into an empty collection",
          "  --stats-interval DUR     period of the beer statistics broadcast, e.g. 30s; off = none [30s]",
          "  --help, -h               print this help and exit",
          "",
          "Options take 'value' as the next argument or as --option=value.",
          "A bad value prints one line and exits with code 2.");

  static LaunchOptions parse(List<String> args, Map<String, String> env) {
    Builder builder = new Builder(env);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        builder.help = true;
        continue;
      }
      if (arg.equals("--cluster")) {
        builder.cluster = true;
        continue;
      }
      if (arg.equals("--auth")) {
        builder.auth = true;
        continue;
      }
      if (arg.equals("--no-sample-data")) {
        builder.sampleData = false;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "' (see --help)");
      }
      String name = arg;
      String value;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException(arg + " needs a value (see --help)");
      }
      builder.set(name, value);
    }
    return builder.build();
  }

  /** The number of http and ws instances to deploy, with 0 resolved to the core count. */
  int effectiveInstances() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }

  boolean runs(String verticle) {
    return verticles.contains(verticle);
  }

  private static final class Builder {
    String host = "127.0.0.1";
    int port = 8080;
    Path dataDir = Path.of("data");
    String dbUrl;
    int instances;
    Set<String> verticles = ALL_VERTICLES;
    boolean cluster;
    List<String> clusterMembers;
    String clusterHost = "127.0.0.1";
    int clusterPort = DEFAULT_CLUSTER_PORT;
    String clusterName = "eventstack";
    boolean auth;
    String statsInterval;
    Integer workers;
    Path configFile;
    boolean sampleData = true;
    boolean help;

    Builder(Map<String, String> env) {
      auth = isTrue(env.get("EVENTSTACK_AUTH"));
      String members = env.get("CLUSTER_MEMBERS");
      clusterMembers = members == null || members.isBlank() ? List.of("127.0.0.1") : members(members);
    }

    void set(String name, String value) {
      switch (name) {
        case "--host" -> host = nonBlank(name, value);
        case "--port" -> port = intIn(name, value, 1, 65535);
        case "--data-dir" -> dataDir = Path.of(nonBlank(name, value));
        case "--db-url" -> dbUrl = mongoUrl(name, value);
        case "--instances", "--proc" -> instances = intIn(name, value, 0, 256);
        case "--verticles" -> verticles = verticles(name, value);
        case "--cluster-members" -> clusterMembers = members(value);
        case "--cluster-host" -> clusterHost = nonBlank(name, value);
        case "--cluster-port" -> clusterPort = intIn(name, value, 1, 65535);
        case "--cluster-name" -> clusterName = clusterName(name, value);
        case "--stats-interval" -> statsInterval = period(name, value);
        case "--workers" -> workers = intIn(name, value, 0, 256);
        case "--config" -> configFile = readableFile(name, value);
        default -> throw new UsageException("unknown option " + name + " (see --help)");
      }
    }

    LaunchOptions build() {
      return new LaunchOptions(host, port, dataDir, dbUrl, instances, verticles, cluster,
          clusterMembers, clusterHost, clusterPort, clusterName, auth, statsInterval, workers, configFile, sampleData, help);
    }
  }

  private static boolean isTrue(String value) {
    return value != null && Set.of("true", "1", "yes", "on").contains(value.trim().toLowerCase(Locale.ROOT));
  }

  private static String nonBlank(String name, String value) {
    if (value.isBlank()) {
      throw new UsageException("invalid value for " + name + ": it must not be empty");
    }
    return value.trim();
  }

  private static int intIn(String name, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the one-line refusal below
    }
    throw new UsageException(
        "invalid value for " + name + ": '" + value + "' (expected an integer from " + min + " to "
            + max + ")");
  }

  /**
   * A job period: a duration of at least 100 ms, kept as text for the scheduler's config, or
   * {@code off}.
   */
  private static String period(String name, String value) {
    if (value.trim().equals(OFF)) {
      return OFF;
    }
    try {
      if (Durations.parse(value).toMillis() >= 100) {
        return value.trim();
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid value for " + name + ": " + e.getMessage());
    }
    throw new UsageException("invalid value for " + name + ": '" + value + "' (at least 100ms)");
  }

  private static Path readableFile(String name, String value) {
    Path file = Path.of(nonBlank(name, value));
    if (!java.nio.file.Files.isReadable(file) || java.nio.file.Files.isDirectory(file)) {
      throw new UsageException("invalid value for " + name + ": cannot read file '" + value + "'");
    }
    return file;
  }

  private static String mongoUrl(String name, String value) {
    String url = value.trim();
    if (!url.startsWith("mongodb://") && !url.startsWith("mongodb+srv://")) {
      throw new UsageException(
          "invalid value for " + name + ": '" + value + "' (expected mongodb://host[:port]/...)");
    }
    return url;
  }

  private static Set<String> verticles(String name, String value) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String verticle = part.trim().toLowerCase(Locale.ROOT);
      if (!ALL_VERTICLES.contains(verticle)) {
        throw new UsageException(
            "invalid value for " + name + ": '" + part + "' (expected some of http,ws,db,scheduler)");
      }
      chosen.add(verticle);
    }
    return Set.copyOf(chosen);
  }

  private static List<String> members(String value) {
    List<String> members = new ArrayList<>();
    for (String part : value.split(",")) {
      String member = part.trim();
      if (member.isEmpty()) {
        continue;
      }
      int colon = member.lastIndexOf(':');
      if (colon > 0) {
        intIn("--cluster-members", member.substring(colon + 1), 1, 65535);
      }
      members.add(member);
    }
    if (members.isEmpty()) {
      throw new UsageException("invalid value for --cluster-members: no member given");
    }
    return List.copyOf(members);
  }

  private static String clusterName(String name, String value) {
    if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new UsageException(
          "invalid value for " + name + ": '" + value + "' (letters, digits, '.', '_', '-')");
    }
    return value;
  }
}
