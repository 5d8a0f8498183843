package dev.eventstack.launcher;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Every option of {@code java -jar eventstack.jar [run]}, declared once: its names, its help line,
 * and (with {@link Setting}) the configuration key it sets and the environment variable below it.
 * The defaults are those of {@code conf/application.json}, shown by {@code --help}; an option that
 * is not given leaves the configuration's layers alone. Seed 000's snake_case names are aliases.
 *
 * <p>A field is null unless its option was given; {@link Overrides} turns the given ones into a
 * layer of the configuration.
 */
final class NodeOptions {

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      converter = Converters.Host.class,
      description = "address the HTTP server binds")
  @Setting(key = "http.host")
  String host;

  @Option(
      names = "--port",
      paramLabel = "N",
      converter = Converters.Port.class,
      description = "HTTP(S) port, 1-65535")
  @Setting(key = "http.port", env = "PORT")
  Integer port;

  @Option(
      names = "--env",
      paramLabel = "NAME",
      converter = Converters.Profile.class,
      description = "config profile conf/NAME.json, e.g. dev, prod")
  String profile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      converter = Converters.ConfigFile.class,
      description = "JSON file over the defaults and the profile (docs/configuration.md)")
  Path configFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      converter = Converters.NonBlank.class,
      description = "files of the embedded database, exports, auth key")
  @Setting(key = "db.dataDir")
  String dataDir;

  @Option(
      names = "--db-url",
      paramLabel = "URL",
      converter = Converters.MongoUrl.class,
      description = "use this MongoDB (mongodb://...) instead of the embedded one")
  @Setting(key = "db.url", env = "MONGODB_URL")
  String dbUrl;

  @Option(
      names = {"--db-host", "--db_host"},
      paramLabel = "HOST",
      converter = Converters.NonBlank.class,
      description = "MongoDB host, instead of --db-url")
  @Setting(key = "db.url", env = "MONGODB_HOST")
  String dbHost;

  @Option(
      names = {"--db-port", "--db_port"},
      paramLabel = "N",
      converter = Converters.Port.class,
      description = "MongoDB port, with --db-host; 27017 if left out")
  @Setting(key = "db.url", env = "MONGODB_PORT")
  Integer dbPort;

  @Option(
      names = {"--db-name", "--db_name"},
      paramLabel = "NAME",
      converter = Converters.DatabaseName.class,
      description = "database name")
  @Setting(key = "db.databaseName", env = "MONGODB_NAME")
  String dbName;

  @Option(
      names = {"--db-user", "--db_user"},
      paramLabel = "USER",
      converter = Converters.NonBlank.class,
      description = "MongoDB user, with --db-host")
  @Setting(key = "db.url", env = "MONGODB_USER")
  String dbUser;

  @Option(
      names = {"--db-password", "--db_password"},
      paramLabel = "PASSWORD",
      description = "MongoDB password, with --db-user")
  @Setting(key = "db.url", env = "MONGODB_PASSWORD")
  String dbPassword;

  @Option(
      names = "--no-sample-data",
      description = "do not seed the 35 sample books into an empty collection")
  @Setting(key = "db.sampleData", inverted = true)
  Boolean noSampleData;

  @Option(
      names = {"--instances", "--proc"},
      paramLabel = "N",
      converter = Converters.Instances.class,
      description = "http-verticle instances, 0 = one per core (--proc: seed 000's name)")
  @Setting(key = "node.instances")
  Integer instances;

  @Option(
      names = "--verticles",
      paramLabel = "LIST",
      converter = Converters.Verticles.class,
      description = "which verticles this node runs, some of http,ws,db,scheduler")
  @Setting(key = "node.verticles")
  List<String> verticles;

  @Option(
      names = "--workers",
      paramLabel = "N",
      converter = Converters.Workers.class,
      description = "queued jobs this node runs at once, 0 = none")
  @Setting(key = "scheduler.workers.concurrency")
  Integer workers;

  @Option(
      names = "--stats-interval",
      paramLabel = "DUR",
      converter = Converters.StatsInterval.class,
      description = "period of the beer statistics broadcast, e.g. 30s; off = none")
  @Setting(key = "scheduler.jobs.beer-stats.every")
  String statsInterval;

  @Option(names = "--ssl", description = "serve HTTPS (and HTTP/2) with a PEM certificate and key")
  @Setting(key = "http.ssl.enabled")
  Boolean ssl;

  @Option(
      names = "--ssl-cert",
      paramLabel = "FILE",
      converter = Converters.NonBlank.class,
      description = "the certificate, with --ssl")
  @Setting(key = "http.ssl.cert")
  String sslCert;

  @Option(
      names = "--ssl-key",
      paramLabel = "FILE",
      converter = Converters.NonBlank.class,
      description = "its private key, with --ssl")
  @Setting(key = "http.ssl.key")
  String sslKey;

  @Option(
      names = "--redirect-http",
      paramLabel = "N",
      converter = Converters.Port.class,
      description = "with --ssl, also listen on plain HTTP port N and redirect")
  @Setting(key = "http.ssl.redirectPort")
  Integer redirectHttp;

  @Option(
      names = "--bridge-port",
      paramLabel = "N",
      converter = Converters.PortOrZero.class,
      description = "TCP event-bus bridge for Python and other languages; 0 = off")
  @Setting(key = "http.bridge.port")
  Integer bridgePort;

  @Option(
      names = "--auth",
      description =
          "beer and job writes and their sockets need a JWT (key: $EVENTSTACK_AUTH_KEY,"
              + " else DATA_DIR/auth.key)")
  @Setting(key = "http.auth.enabled", env = "EVENTSTACK_AUTH")
  Boolean auth;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      converter = Converters.LogLevel.class,
      description = "TRACE, DEBUG, INFO, WARN or ERROR for eventstack's loggers")
  @Setting(key = "logging.level")
  String logLevel;

  @Option(
      names = {"--log-host", "--log_host"},
      paramLabel = "HOST",
      converter = Converters.NonBlank.class,
      description = "also send each log event as a UDP syslog datagram to HOST")
  @Setting(key = "logging.udp.host")
  String logHost;

  @Option(
      names = {"--log-port", "--log_port"},
      paramLabel = "N",
      converter = Converters.Port.class,
      description = "... on this port, with --log-host")
  @Setting(key = "logging.udp.port")
  Integer logPort;

  @Option(names = "--cluster", description = "join a Hazelcast cluster over TCP")
  @Setting(key = "cluster.enabled")
  Boolean cluster;

  @Option(
      names = {"--lock-server", "--lock_server"},
      description = "seed 000's distributed-lock switch: the same as --cluster")
  @Setting(key = "cluster.enabled")
  Boolean lockServer;

  @Option(
      names = {"--lock-server-host", "--lock_server_host"},
      paramLabel = "HOST",
      converter = Converters.NonBlank.class,
      description = "seed 000's lock server: added to the cluster members")
  @Setting(key = "cluster.members")
  String lockServerHost;

  @Option(
      names = {"--lock-server-port", "--lock_server_port"},
      paramLabel = "N",
      converter = Converters.Port.class,
      description = "... its Hazelcast port; 5701 if left out")
  @Setting(key = "cluster.members")
  Integer lockServerPort;

  @Option(
      names = "--cluster-members",
      paramLabel = "LIST",
      converter = Converters.Members.class,
      description = "host[:port],... of cluster members to look for")
  @Setting(key = "cluster.members", env = "CLUSTER_MEMBERS")
  List<String> clusterMembers;

  @Option(
      names = "--cluster-host",
      paramLabel = "ADDR",
      converter = Converters.Host.class,
      description = "address Hazelcast and the event bus bind")
  @Setting(key = "cluster.host")
  String clusterHost;

  @Option(
      names = "--cluster-port",
      paramLabel = "N",
      converter = Converters.PortOrZero.class,
      description = "Hazelcast port; 0 = the first free one from 5701 up")
  @Setting(key = "cluster.port")
  Integer clusterPort;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      converter = Converters.ClusterName.class,
      description = "cluster name; stacks with other names never merge")
  @Setting(key = "cluster.name")
  String clusterName;
}
