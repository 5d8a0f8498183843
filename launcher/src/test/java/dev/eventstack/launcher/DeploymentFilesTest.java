package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

  @Test
  void composeRunsThreeClusteredNodesOnTheRealMongo() throws Exception {
    JsonNode services = compose().get("services");
    assertTrue(services.get("mongo").get("image").asText().startsWith("mongo:"));
    assertTrue(services.get("mongo").get("volumes").size() > 0, "mongo keeps its data in a volume");

    Set<String> clusterNames = new TreeSet<>();
    List<String> publishedPorts = new ArrayList<>();
    for (String name : List.of("node1", "node2", "node3")) {
      JsonNode node = services.get(name);
      assertEquals("unless-stopped", node.get("restart").asText(), name);
      JsonNode env = node.get("environment");
      NodeConfig options =
          Cli.resolve(
              command(node),
              Map.of(
                  "CLUSTER_MEMBERS",
                  env.get("CLUSTER_MEMBERS").asText(),
                  "EVENTSTACK_AUTH",
                  env.get("EVENTSTACK_AUTH").asText()));
      assertTrue(options.auth(), name + " runs with auth");
      assertEquals("conf/auth.env", node.get("env_file").asText(), name);
      assertTrue(options.cluster().enabled(), name + " joins the cluster");
      assertTrue(options.dbUrl().startsWith("mongodb://mongo:27017/"), name);
      assertEquals(3, options.cluster().members().size(), name);
      assertTrue(
          options.cluster().members().contains(options.cluster().host()), name + " is a member");
      clusterNames.add(options.cluster().name());
      if (node.has("ports")) {
        node.get("ports").forEach(port -> publishedPorts.add(port.asText()));
      }
    }
    assertEquals(1, clusterNames.size(), "one cluster");
    assertEquals(List.of("8080:8080", "8081:8080"), publishedPorts);
  }

  @Test
  void composeTapsShareTheNodesKeyAndAimAtANode() throws Exception {
    JsonNode taps = compose().get("services").get("taps");
    assertEquals("taps", command(taps).get(0));
    TapSimulator.Options options =
        TapSimulator.Options.parse(command(taps).subList(1, command(taps).size()), Map.of());
    assertEquals("node1", options.url().getHost());
    assertEquals(3, options.taps());

    assertEquals("conf/auth.env", taps.get("env_file").asText());
    Properties env = new Properties();
    try (Reader reader = Files.newBufferedReader(ROOT.resolve("conf/auth.env"))) {
      env.load(reader);
    }
    String key = env.getProperty(AuthKey.ENV);
    assertTrue(key != null && key.length() >= AuthKey.MIN_LENGTH, "a key long enough for HS256");
  }

  @Test
  void dockerfileBuildsTheFatJarAndRunsItAsNonRootWithAHealthCheck() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("mvn -B -q -DskipTests package"));
    assertTrue(dockerfile.contains("launcher/target/eventstack.jar"));
    assertTrue(dockerfile.contains("USER eventstack"));
    assertTrue(dockerfile.contains("HEALTHCHECK"));
    assertTrue(dockerfile.lines().filter(l -> l.startsWith("FROM ")).count() >= 2, "multi-stage");
  }
}
