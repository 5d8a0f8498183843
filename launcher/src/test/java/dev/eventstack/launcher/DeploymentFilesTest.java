package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.ConnectionString;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: the compose file parses,
 * and the stack it describes is one cluster of three nodes on one MongoDB, whose command lines the
 * launcher itself accepts.
 */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of("..");

  private static JsonNode compose() throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  private static List<String> command(JsonNode service) {
    List<String> args = new ArrayList<>();
    service.get("command").forEach(arg -> args.add(arg.asText()));
    return args;
  }

  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new java.util.HashMap<>();
    service
        .get("environment")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  @Test
  void composeRunsThreeClusteredNodesOnAMongoReplicaSet() throws Exception {
    JsonNode services = compose().get("services");
    List<String> replicaSet = List.of("mongo1", "mongo2", "mongo3");
    for (String name : replicaSet) {
      JsonNode mongo = services.get(name);
      assertTrue(mongo.get("image").asText().startsWith("mongo:"), name);
      assertEquals(List.of("mongod", "--replSet", "rs0", "--bind_ip_all"), command(mongo), name);
      assertTrue(mongo.get("volumes").size() > 0, name + " keeps its data in a volume");
      assertTrue(mongo.has("healthcheck"), name);
    }
    JsonNode init = services.get("mongo-init");
    assertEquals("no", init.get("restart").asText(), "a one-shot service");
    String script = command(init).get(command(init).size() - 1);
    for (String name : replicaSet) {
      assertTrue(script.contains("host: \"" + name + ":27017\""), name + " is a member");
      assertEquals(
          "service_healthy", init.get("depends_on").get(name).get("condition").asText(), name);
    }
    assertTrue(script.contains("rs.initiate({_id: \"rs0\""), script);

    Set<String> clusterNames = new TreeSet<>();
    List<String> publishedPorts = new ArrayList<>();
    for (String name : List.of("node1", "node2", "node3")) {
      JsonNode node = services.get(name);
      assertEquals("unless-stopped", node.get("restart").asText(), name);
      assertEquals("eventstack:latest", node.get("image").asText(), name);
      assertEquals(name.equals("node1"), node.has("build"), "only node1 builds the image");
      assertEquals(
          "service_completed_successfully",
          node.get("depends_on").get("mongo-init").get("condition").asText(),
          name);
      NodeConfig options = Cli.resolve(command(node), environment(node));
      assertTrue(options.auth(), name + " runs with auth");
      assertEquals("conf/auth.env", node.get("env_file").asText(), name);
      assertTrue(options.cluster().enabled(), name + " joins the cluster");
      assertEquals(List.of("node1", "node2", "node3"), options.cluster().members(), name);
      assertEquals(name, options.cluster().host(), name + " is found by its service name");
      assertEquals("/data", options.section("db").getString("dataDir"), name);
      ConnectionString mongo = new ConnectionString(options.dbUrl());
      assertEquals(List.of("mongo1:27017", "mongo2:27017", "mongo3:27017"), mongo.getHosts());
      assertEquals("rs0", mongo.getRequiredReplicaSetName());
      assertEquals(WriteConcern.MAJORITY.withJournal(true), mongo.getWriteConcern());
      assertEquals(Boolean.TRUE, mongo.getRetryWritesValue());
      assertEquals(ReadPreference.primaryPreferred(), mongo.getReadPreference());
      clusterNames.add(options.cluster().name());
      if (node.has("ports")) {
        node.get("ports").forEach(port -> publishedPorts.add(port.asText()));
      }
    }
    assertEquals(1, clusterNames.size(), "one cluster");
    assertEquals(List.of("8080:8080", "8081:8080"), publishedPorts);
  }

  @Test
  void everyDependencyWaitsForHealthOrCompletion() throws Exception {
    compose()
        .get("services")
        .properties()
        .forEach(
            service -> {
              JsonNode dependsOn = service.getValue().get("depends_on");
              if (dependsOn == null) {
                return;
              }
              assertTrue(dependsOn.isObject(), service.getKey() + ": conditions, not a list");
              dependsOn
                  .properties()
                  .forEach(
                      dependency ->
                          assertTrue(
                              Set.of("service_healthy", "service_completed_successfully")
                                  .contains(dependency.getValue().get("condition").asText()),
                              service.getKey() + " → " + dependency.getKey()));
            });
  }

  @Test
  void composeTapsShareTheNodesKeyAndAimAtANode() throws Exception {
    JsonNode taps = compose().get("services").get("taps");
    assertEquals("taps", command(taps).get(0));
    TapSimulator.Options options =
        TapSimulator.Options.parse(command(taps).subList(1, command(taps).size()), Map.of());
    assertEquals("node1", options.url().getHost());
    assertEquals(3, options.taps());
    assertTrue(options.quiet(), "one progress line a second in the compose log");

    assertEquals("conf/auth.env", taps.get("env_file").asText());
    Properties env = new Properties();
    try (Reader reader = Files.newBufferedReader(ROOT.resolve("conf/auth.env"))) {
      env.load(reader);
    }
    String key = env.getProperty(AuthKey.ENV);
    assertTrue(key != null && key.length() >= AuthKey.MIN_LENGTH, "a key long enough for HS256");
  }

  @Test
  void dockerfileCachesDependenciesRunsAsNonRootAndChecksReadiness() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.lines().filter(l -> l.startsWith("FROM ")).count() >= 2, "multi-stage");
    int poms = dockerfile.indexOf("COPY launcher/pom.xml");
    int offline = dockerfile.indexOf("go-offline");
    int sources = dockerfile.indexOf("COPY . .");
    assertTrue(poms > 0 && poms < offline && offline < sources, "poms, resolve, then sources");
    assertTrue(dockerfile.contains("mvn -B -q -DskipTests package"));
    assertTrue(dockerfile.contains("launcher/target/eventstack.jar"));
    assertTrue(dockerfile.contains("USER eventstack"));
    String health =
        dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"), dockerfile.indexOf("ENTRYPOINT"));
    assertTrue(health.contains("http://127.0.0.1:${PORT}/health/ready"), health);
    assertTrue(health.contains("https://127.0.0.1:${PORT}/health/ready"), "works under --ssl");
  }

  @Test
  void dockerignoreKeepsKeysDataAndBuildOutputOutOfTheBuild() throws Exception {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
    for (String entry : List.of(".git", "data", "logs", "**/target", "conf/keys")) {
      assertTrue(ignored.contains(entry), entry);
    }
    for (String pom : List.of("pom.xml", "launcher/pom.xml")) {
      assertTrue(ignored.stream().noneMatch(pom::equals), pom + " is needed");
    }
  }
}
