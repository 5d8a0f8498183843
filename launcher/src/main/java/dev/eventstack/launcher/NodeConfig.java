package dev.eventstack.launcher;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's whole configuration, read once before anything starts ({@link ConfigLayers}), checked
 * for what no single option can see, and the launcher's own part of it as typed values: which
 * verticles run, how many HTTP instances, and the cluster.
 *
 * @param config every section, as the verticles get them
 * @param verticles which verticles this node runs ({@code node.verticles})
 * @param instances http-verticle instances, 0 resolved to the core count ({@code node.instances})
 * @param cluster the {@code cluster} section
 */
record NodeConfig(JsonObject config, List<String> verticles, int instances, Cluster cluster) {

  /**
   * The {@code cluster} section.
   *
   * @param enabled whether the node joins a Hazelcast cluster
   * @param name stacks with other names never merge
   * @param host the address Hazelcast and the event bus bind
   * @param port Hazelcast's port; 0 takes the first free one from 5701 up
   * @param members {@code host[:port]} of the members to look for
   */
  record Cluster(boolean enabled, String name, String host, int port, List<String> members) {

    static Cluster from(JsonObject json) {
      return new Cluster(
          json.getBoolean("enabled"),
          json.getString("name"),
          json.getString("host"),
          json.getInteger("port"),
          json.getJsonArray("members").stream().map(String::valueOf).toList());
    }
  }

  /** Reads the layers and checks them; a conflict is a {@link UsageException}. Reads files. */
  static NodeConfig resolve(String profile, Path configFile, JsonObject overrides) {
    refuseSslFilesWithoutSsl(overrides);
    JsonObject config = ConfigLayers.load(profile, configFile, overrides);
    checkSsl(config.getJsonObject("http"));
    checkUdp(config.getJsonObject("logging"));
    JsonObject node = config.getJsonObject("node");
    int instances = node.getInteger("instances");
    NodeConfig resolved =
        new NodeConfig(
            config,
            node.getJsonArray("verticles").stream().map(String::valueOf).toList(),
            instances == 0 ? Runtime.getRuntime().availableProcessors() : instances,
            Cluster.from(config.getJsonObject("cluster")));
    resolved.refuseClashingPorts();
    return resolved;
  }

  boolean runs(String verticle) {
    return verticles.contains(verticle);
  }

  /** A section of the configuration, as its verticle gets it. */
  JsonObject section(String name) {
    return config.getJsonObject(name, new JsonObject());
  }

  String host() {
    return section("http").getString("host");
  }

  int port() {
    return section("http").getInteger("port");
  }

  String dbUrl() {
    return section("db").getString("url");
  }

  boolean auth() {
    return section("http").getJsonObject("auth").getBoolean("enabled");
  }

  private static void refuseSslFilesWithoutSsl(JsonObject overrides) {
    Object enabled = ConfigLayers.get(overrides, "http.ssl.enabled");
    boolean files =
        ConfigLayers.get(overrides, "http.ssl.cert") != null
            || ConfigLayers.get(overrides, "http.ssl.key") != null;
    if (files && !Boolean.TRUE.equals(enabled)) {
      throw new UsageException("--ssl-cert and --ssl-key need --ssl");
    }
  }

  private static void checkSsl(JsonObject http) {
    JsonObject ssl = http.getJsonObject("ssl");
    if (!ssl.getBoolean("enabled")) {
      if (ssl.getInteger("redirectPort", 0) > 0) {
        throw new UsageException("--redirect-http needs --ssl");
      }
      return;
    }
    pemFile("--ssl-cert", "a certificate", ssl.getString("cert"));
    pemFile("--ssl-key", "a private key", ssl.getString("key"));
  }

  private static void pemFile(String option, String what, String path) {
    Path file = Path.of(path);
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      throw new UsageException(
          "--ssl needs "
              + what
              + ": cannot read "
              + file
              + " (give "
              + option
              + ", or make a dev pair with scripts/dev-cert)");
    }
  }

  private static void checkUdp(JsonObject logging) {
    JsonObject udp = logging.getJsonObject("udp", new JsonObject());
    if ((udp.getString("host") == null) != (udp.getInteger("port", 0) == 0)) {
      throw new UsageException("--log-host and --log-port go together");
    }
  }

  /** Two servers on one port would share it, and each would get the other's connections. */
  private void refuseClashingPorts() {
    JsonObject http = section("http");
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("--port", http.getInteger("port"));
    ports.put("--redirect-http", http.getJsonObject("ssl").getInteger("redirectPort", 0));
    ports.put(
        "--bridge-port", http.getJsonObject("bridge", new JsonObject()).getInteger("port", 0));
    if (cluster.enabled()) {
      ports.put("--cluster-port", cluster.port());
    }
    Map<Integer, String> used = new HashMap<>();
    ports.forEach(
        (name, port) -> {
          if (port == 0) {
            return;
          }
          String clash = used.putIfAbsent(port, name);
          if (clash != null) {
            throw new UsageException(name + " " + port + " is already the port of " + clash);
          }
        });
  }
}
