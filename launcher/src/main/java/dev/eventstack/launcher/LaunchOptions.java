package dev.eventstack.launcher;

import dev.eventstack.contract.Durations;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command line of {@code java -jar eventstack.jar}, and the environment variables it reads.
 * Parsing never starts anything, so a bad value or a conflict is refused before the system starts.
 *
 * <p>Options that only set configuration land in {@link #overrides()}, one of the configuration
 * layers (see {@code docs/configuration.md}): the environment, then the command line on top. The
 * rest decide how the node starts (cluster, verticles, instances).
 */
record LaunchOptions(
    int instances,
    Set<String> verticles,
    boolean cluster,
    List<String> clusterMembers,
    String clusterHost,
    int clusterPort,
    String clusterName,
    boolean auth,
    Path dataDir,
    Path configFile,
    String profile,
    JsonObject overrides,
    boolean help) {

  static final Set<String> ALL_VERTICLES = Set.of("http", "ws", "db", "scheduler");
  static final int DEFAULT_CLUSTER_PORT = 5701;
  static final String OFF = "off";
  static final Path DEFAULT_SSL_CERT = Path.of("conf", "keys", "server.crt");
  static final Path DEFAULT_SSL_KEY = Path.of("conf", "keys", "server.key");
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  /** One line of {@code --help} per option, in the order they are listed. */
  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar launcher/target/eventstack.jar [options]",
          "       java -jar launcher/target/eventstack.jar token --subject NAME [options]",
          "       java -jar launcher/target/eventstack.jar taps [options]",
          "",
          "Runs the eventstack verticles: the to-do API, the beer taps, the books and their web UI,",
          "the job queue, one JVM by default. 'token' prints a JWT for --auth; 'taps' simulates",
          "beer taps. Each has --help. Seed 000's snake_case names (--log_host ...) work too.",
          "",
          "Options (default in brackets):",
          "  --host ADDR              address the HTTP server binds [127.0.0.1]",
          "  --port N                 HTTP(S) port, 1-65535 [$PORT or 8080]",
          "  --env NAME               config profile conf/NAME.json, e.g. dev, prod [none]",
          "  --config FILE            JSON file over the defaults and the profile [none]",
          "  --data-dir DIR           files of the embedded database, exports, auth key [./data]",
          "  --db-url mongodb://...   use this MongoDB instead of the embedded one [$MONGODB_URL]",
          "  --db-host HOST           MongoDB host, instead of --db-url [$MONGODB_HOST]",
          "  --db-port N              MongoDB port, with --db-host [$MONGODB_PORT or 27017]",
          "  --db-name NAME           database name [$MONGODB_NAME or eventstack]",
          "  --db-user USER           MongoDB user, with --db-host [$MONGODB_USER]",
          "  --db-password PASSWORD   MongoDB password, with --db-user [$MONGODB_PASSWORD]",
          "  --no-sample-data         do not seed the 35 sample books into an empty collection",
          "  --instances N            http-verticle instances, 0 = one per core [0]",
          "  --proc N                 alias of --instances, as in seed 000",
          "  --verticles LIST         which verticles this node runs, from http,ws,db,scheduler [all]",
          "  --workers N              queued jobs this node runs at once, 0 = none [2]",
          "  --stats-interval DUR     period of the beer statistics broadcast, e.g. 30s; off = none [30s]",
          "  --ssl                    serve HTTPS (and HTTP/2) with a PEM certificate and key [off]",
          "  --ssl-cert FILE          the certificate [conf/keys/server.crt]",
          "  --ssl-key FILE           its private key [conf/keys/server.key]",
          "  --redirect-http N        with --ssl, also listen on plain HTTP port N and redirect [off]",
          "  --bridge-port N          TCP event-bus bridge for Python and other languages [off]",
          "  --auth                   beer and job writes, /sockets/beers need a JWT [$EVENTSTACK_AUTH or off]",
          "                           key: $EVENTSTACK_AUTH_KEY, else DATA_DIR/auth.key (made once)",
          "  --log-level LEVEL        TRACE, DEBUG, INFO, WARN or ERROR for eventstack's loggers [INFO]",
          "  --log-host HOST          also send each log event as a UDP datagram (syslog) to HOST [none]",
          "  --log-port N             ... on this port, with --log-host [none]",
          "  --cluster                join a Hazelcast cluster over TCP [off]",
          "  --lock-server            seed 000's distributed-lock switch: the same as --cluster",
          "  --lock-server-host HOST  seed 000's lock server: added to the cluster members",
          "  --lock-server-port N     ... its Hazelcast port [5701]",
          "  --cluster-members LIST   host[:port],... of cluster members [$CLUSTER_MEMBERS or 127.0.0.1]",
          "  --cluster-host ADDR      address Hazelcast and the event bus bind [127.0.0.1]",
          "  --cluster-port N         Hazelcast port [5701]",
          "  --cluster-name NAME      cluster name; stacks with other names never merge [eventstack]",
          "  --help, -h               print this help and exit",
          "",
          "Options take 'value' as the next argument or as --option=value.",
          "A bad value or a conflict prints one line and exits with code 2.");

  static LaunchOptions parse(List<String> args, Map<String, String> env) {
    Builder builder = new Builder();
    builder.readEnvironment(env);
    builder.layer = "the command line";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h")) {
        builder.help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "' (see --help)");
      }
      int equals = arg.indexOf('=');
      // Seed 000 spells its options in snake_case.
      String name = (equals > 0 ? arg.substring(0, equals) : arg).replace('_', '-');
      if (builder.flag(name)) {
        if (equals > 0) {
          throw new UsageException(name + " takes no value (see --help)");
        }
        continue;
      }
      String value;
      if (equals > 0) {
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

  /** The number of http-verticle instances to deploy, with 0 resolved to the core count. */
  int effectiveInstances() {
    return instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
  }

  boolean runs(String verticle) {
    return verticles.contains(verticle);
  }

  String host() {
    return section("http").getString("host", "127.0.0.1");
  }

  int port() {
    return section("http").getInteger("port", 8080);
  }

  String dbUrl() {
    return section("db").getString("url");
  }

  /** {@code scheduler.jobs.beer-stats.every}, or "off", or null when not given. */
  String statsInterval() {
    JsonObject beerStats =
        section("scheduler").getJsonObject("jobs", new JsonObject()).getJsonObject("beer-stats");
    if (beerStats == null) {
      return null;
    }
    return beerStats.getBoolean("enabled", true) ? beerStats.getString("every") : OFF;
  }

  private JsonObject section(String name) {
    return overrides.getJsonObject(name, new JsonObject());
  }

  private static final class Builder {
    int instances;
    Set<String> verticles = ALL_VERTICLES;
    boolean cluster;
    List<String> clusterMembers = List.of("127.0.0.1");
    final List<String> lockServer = new ArrayList<>(2);
    String clusterHost = "127.0.0.1";
    int clusterPort = DEFAULT_CLUSTER_PORT;
    String clusterName = "eventstack";
    boolean auth;
    Path dataDir = Path.of("data");
    Path configFile;
    String profile;
    boolean help;
    final JsonObject overrides = new JsonObject();

    /** Where the value being read comes from, for the messages of conflicts. */
    String layer = "the environment";

    // The parts of a MongoDB address, per layer; they become db.url at the end of each layer.
    final JsonObject dbParts = new JsonObject();
    final JsonObject envDbParts = new JsonObject();
    boolean dbUrlGiven;
    String sslCert;
    String sslKey;

    void readEnvironment(Map<String, String> env) {
      String members = env.get("CLUSTER_MEMBERS");
      if (members != null && !members.isBlank()) {
        clusterMembers = members(members);
      }
      auth = isTrue(env.get("EVENTSTACK_AUTH"));
      setIfPresent(env, "PORT", "--port");
      setIfPresent(env, "MONGODB_URL", "--db-url");
      setIfPresent(env, "MONGODB_HOST", "--db-host");
      setIfPresent(env, "MONGODB_PORT", "--db-port");
      setIfPresent(env, "MONGODB_NAME", "--db-name");
      setIfPresent(env, "MONGODB_USER", "--db-user");
      setIfPresent(env, "MONGODB_PASSWORD", "--db-password");
      finishDbLayer();
      envDbParts.mergeIn(dbParts);
      dbParts.clear();
      dbUrlGiven = false;
    }

    private void setIfPresent(Map<String, String> env, String variable, String option) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        layer = "$" + variable;
        set(option, value);
        layer = "the environment";
      }
    }

    /** Handles a flag; returns false when {@code name} is not one. */
    boolean flag(String name) {
      switch (name) {
        case "--help" -> help = true;
        case "--cluster", "--lock-server" -> cluster = true;
        case "--auth" -> auth = true;
        case "--no-sample-data" -> put("db", "sampleData", false);
        case "--ssl" -> ssl().put("enabled", true);
        default -> {
          return false;
        }
      }
      return true;
    }

    void set(String name, String value) {
      switch (name) {
        case "--host" -> put("http", "host", host(name, value));
        case "--port" -> put("http", "port", intIn(name, value, 1, 65535));
        case "--env" -> profile = profile(name, value);
        case "--config" -> configFile = jsonFile(name, value);
        case "--data-dir" -> {
          dataDir = Path.of(nonBlank(name, value));
          put("db", "dataDir", dataDir.toString());
        }
        case "--db-url" -> {
          put("db", "url", mongoUrl(name, value));
          dbUrlGiven = true;
        }
        case "--db-host" -> dbParts.put("host", nonBlank(name, value));
        case "--db-port" -> dbParts.put("port", intIn(name, value, 1, 65535));
        case "--db-name" -> {
          String database = databaseName(name, value);
          dbParts.put("name", database);
          put("db", "databaseName", database);
        }
        case "--db-user" -> dbParts.put("user", nonBlank(name, value));
        case "--db-password" -> dbParts.put("password", value);
        case "--instances", "--proc" -> instances = intIn(name, value, 0, 256);
        case "--verticles" -> verticles = verticles(name, value);
        case "--workers" ->
            put(
                "scheduler",
                "workers",
                new JsonObject().put("concurrency", intIn(name, value, 0, 256)));
        case "--stats-interval" ->
            put("scheduler", "jobs", new JsonObject().put("beer-stats", period(name, value)));
        case "--ssl-cert" -> sslCert = nonBlank(name, value);
        case "--ssl-key" -> sslKey = nonBlank(name, value);
        case "--bridge-port" ->
            put("http", "bridge", new JsonObject().put("port", intIn(name, value, 1, 65535)));
        case "--redirect-http" -> ssl().put("redirectPort", intIn(name, value, 1, 65535));
        case "--log-level" -> put("logging", "level", level(name, value));
        case "--log-host" -> udp().put("host", nonBlank(name, value));
        case "--log-port" -> udp().put("port", intIn(name, value, 1, 65535));
        case "--lock-server-host" -> lockServer.add(0, nonBlank(name, value));
        case "--lock-server-port" -> lockServer.add(String.valueOf(intIn(name, value, 1, 65535)));
        case "--cluster-members" -> clusterMembers = members(value);
        case "--cluster-host" -> clusterHost = nonBlank(name, value);
        case "--cluster-port" -> clusterPort = intIn(name, value, 1, 65535);
        case "--cluster-name" -> clusterName = clusterName(name, value);
        default -> throw new UsageException("unknown option " + name + " (see --help)");
      }
    }

    private void put(String section, String key, Object value) {
      JsonObject existing = overrides.getJsonObject(section);
      if (existing == null) {
        existing = new JsonObject();
        overrides.put(section, existing);
      }
      existing.put(key, value);
    }

    private JsonObject ssl() {
      JsonObject http = overrides.getJsonObject("http");
      if (http == null || !http.containsKey("ssl")) {
        put("http", "ssl", new JsonObject());
      }
      return overrides.getJsonObject("http").getJsonObject("ssl");
    }

    private JsonObject udp() {
      JsonObject logging = overrides.getJsonObject("logging");
      if (logging == null || !logging.containsKey("udp")) {
        put("logging", "udp", new JsonObject());
      }
      return overrides.getJsonObject("logging").getJsonObject("udp");
    }

    /** Two servers on one port would share it, and each would get the other's connections. */
    private void refuseClashingPorts() {
      JsonObject http = overrides.getJsonObject("http", new JsonObject());
      java.util.Map<Integer, String> used = new java.util.HashMap<>();
      used.put(http.getInteger("port", 8080), "--port");
      JsonObject ssl = http.getJsonObject("ssl", new JsonObject());
      JsonObject bridge = http.getJsonObject("bridge", new JsonObject());
      java.util.Map<String, Integer> others = new java.util.LinkedHashMap<>();
      if (ssl.containsKey("redirectPort")) {
        others.put("--redirect-http", ssl.getInteger("redirectPort"));
      }
      if (bridge.containsKey("port")) {
        others.put("--bridge-port", bridge.getInteger("port"));
      }
      if (cluster) {
        others.put("--cluster-port", clusterPort);
      }
      others.forEach(
          (name, port) -> {
            String clash = used.putIfAbsent(port, name);
            if (clash != null) {
              throw new UsageException(name + " " + port + " is already the port of " + clash);
            }
          });
    }

    /** Turns the db parts of one layer into db.url; --db-url and --db-host exclude each other. */
    private void finishDbLayer() {
      if (!dbParts.containsKey("host")) {
        if (dbParts.containsKey("port")
            || dbParts.containsKey("user")
            || dbParts.containsKey("password")) {
          throw new UsageException(
              "--db-port, --db-user and --db-password need --db-host" + " (in " + layer + ")");
        }
        return;
      }
      if (dbUrlGiven) {
        throw new UsageException("give either --db-url or --db-host, not both (in " + layer + ")");
      }
      if (dbParts.containsKey("password") && !dbParts.containsKey("user")) {
        throw new UsageException("--db-password needs --db-user");
      }
      String credentials =
          dbParts.containsKey("user")
              ? encode(dbParts.getString("user"))
                  + ":"
                  + encode(dbParts.getString("password", ""))
                  + "@"
              : "";
      String name = dbParts.getString("name", envDbParts.getString("name", "eventstack"));
      put(
          "db",
          "url",
          "mongodb://"
              + credentials
              + dbParts.getString("host")
              + ":"
              + dbParts.getInteger("port", 27017)
              + "/"
              + name);
    }

    LaunchOptions build() {
      finishDbLayer();
      JsonObject ssl = overrides.getJsonObject("http", new JsonObject()).getJsonObject("ssl");
      boolean sslOn = ssl != null && ssl.getBoolean("enabled", false);
      if (ssl != null && ssl.containsKey("redirectPort") && !sslOn) {
        throw new UsageException("--redirect-http needs --ssl");
      }
      if (sslOn) {
        ssl.put("cert", pemFile("--ssl-cert", sslCert, DEFAULT_SSL_CERT));
        ssl.put("key", pemFile("--ssl-key", sslKey, DEFAULT_SSL_KEY));
      } else if (sslCert != null || sslKey != null) {
        throw new UsageException("--ssl-cert and --ssl-key need --ssl");
      }
      JsonObject udp = overrides.getJsonObject("logging", new JsonObject()).getJsonObject("udp");
      if (udp != null && (!udp.containsKey("host") || !udp.containsKey("port"))) {
        throw new UsageException("--log-host and --log-port go together");
      }
      refuseClashingPorts();
      if (!lockServer.isEmpty()) {
        List<String> members = new ArrayList<>(clusterMembers);
        members.add(
            lockServer.size() == 2
                ? lockServer.get(0) + ":" + lockServer.get(1)
                : lockServer.get(0));
        clusterMembers = List.copyOf(members);
        cluster = true;
      }
      return new LaunchOptions(
          instances,
          verticles,
          cluster,
          clusterMembers,
          clusterHost,
          clusterPort,
          clusterName,
          auth,
          dataDir,
          configFile,
          profile,
          overrides,
          help);
    }
  }

  private static String pemFile(String name, String given, Path fallback) {
    Path file = given == null ? fallback : Path.of(given);
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw new UsageException(
          "--ssl needs "
              + (name.equals("--ssl-cert") ? "a certificate" : "a private key")
              + ": cannot read "
              + file
              + " (give "
              + name
              + ", or make a dev pair with scripts/dev-cert)");
    }
    return file.toString();
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8);
  }

  private static boolean isTrue(String value) {
    return value != null
        && Set.of("true", "1", "yes", "on").contains(value.trim().toLowerCase(Locale.ROOT));
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
        "invalid value for "
            + name
            + ": '"
            + value
            + "' (expected an integer from "
            + min
            + " to "
            + max
            + ")");
  }

  private static String level(String name, String value) {
    String level = value.trim().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new UsageException(
          "invalid value for "
              + name
              + ": '"
              + value
              + "' (expected TRACE, DEBUG, INFO, WARN or ERROR)");
    }
    return level;
  }

  /**
   * A job period as the scheduler's config for beer-stats: {@code {"every"}} for a duration of at
   * least 100 ms, {@code {"enabled": false}} for {@code off}.
   */
  private static JsonObject period(String name, String value) {
    if (value.trim().equals(OFF)) {
      return new JsonObject().put("enabled", false);
    }
    try {
      if (Durations.parse(value).toMillis() >= 100) {
        return new JsonObject().put("every", value.trim());
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("invalid value for " + name + ": " + e.getMessage());
    }
    throw new UsageException("invalid value for " + name + ": '" + value + "' (at least 100ms)");
  }

  /** A profile needs its file: {@code conf/NAME.json} on disk, or shipped in the jar. */
  private static String profile(String name, String value) {
    String profile = value.trim();
    if (!profile.matches("[a-z0-9-]{1,32}")) {
      throw new UsageException(
          "invalid value for " + name + ": '" + value + "' (lowercase letters, digits and '-')");
    }
    boolean shipped = LaunchOptions.class.getResource("/" + profile + ".json") != null;
    if (!shipped && !Files.isReadable(Path.of("conf", profile + ".json"))) {
      throw new UsageException(
          "invalid value for "
              + name
              + ": no profile '"
              + profile
              + "' (expected conf/"
              + profile
              + ".json)");
    }
    return profile;
  }

  /** A readable file that holds one JSON object, such as --config takes. */
  private static Path jsonFile(String name, String value) {
    Path file = readableFile(name, value);
    io.vertx.core.json.JsonObject given;
    try {
      given = new io.vertx.core.json.JsonObject(Files.readString(file));
    } catch (java.io.IOException | io.vertx.core.json.DecodeException e) {
      throw new UsageException(
          "invalid value for "
              + name
              + ": '"
              + value
              + "' is not a JSON object ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")");
    }
    String problem = ConfigShape.problem(ConfigShape.defaults(), given);
    if (problem != null) {
      throw new UsageException("invalid value for " + name + ": in '" + value + "', " + problem);
    }
    return file;
  }

  private static Path readableFile(String name, String value) {
    Path file = Path.of(nonBlank(name, value));
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw new UsageException("invalid value for " + name + ": cannot read file '" + value + "'");
    }
    return file;
  }

  private static String mongoUrl(String name, String value) {
    String url = value.trim();
    if (url.startsWith("mongodb://") || url.startsWith("mongodb+srv://")) {
      try {
        // The driver's own parser: what it refuses here, it would refuse at start, less clearly.
        new com.mongodb.ConnectionString(url);
        return url;
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "invalid value for "
                + name
                + ": '"
                + value
                + "' ("
                + e.getMessage().strip().replaceAll("\\.$", "")
                + ")");
      }
    }
    throw new UsageException(
        "invalid value for " + name + ": '" + value + "' (expected mongodb://host[:port]/...)");
  }

  private static final Pattern DOTTED_NUMBERS = Pattern.compile("\\d+(\\.\\d+){3}");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");

  /**
   * An address to bind: an IPv4 address, an IPv6 literal or a host name, checked for its form only
   * (a name is resolved when the server binds).
   */
  private static String host(String name, String value) {
    String host = nonBlank(name, value).trim();
    boolean valid;
    if (DOTTED_NUMBERS.matcher(host).matches()) {
      valid =
          java.util.Arrays.stream(host.split("\\."))
              .allMatch(octet -> octet.length() <= 3 && Integer.parseInt(octet) <= 255);
    } else if (host.contains(":")) {
      valid = host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");
    } else {
      valid = host.length() <= 253 && HOST_NAME.matcher(host).matches();
    }
    if (!valid) {
      throw new UsageException(
          "invalid value for "
              + name
              + ": '"
              + value
              + "' (expected an IP address or a host name)");
    }
    return host;
  }

  private static String databaseName(String name, String value) {
    if (!value.matches("[A-Za-z0-9_-]{1,63}")) {
      throw new UsageException(
          "invalid value for " + name + ": '" + value + "' (letters, digits, '_' and '-')");
    }
    return value;
  }

  private static Set<String> verticles(String name, String value) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String verticle = part.trim().toLowerCase(Locale.ROOT);
      if (!ALL_VERTICLES.contains(verticle)) {
        throw new UsageException(
            "invalid value for "
                + name
                + ": '"
                + part
                + "' (expected some of http,ws,db,scheduler)");
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
