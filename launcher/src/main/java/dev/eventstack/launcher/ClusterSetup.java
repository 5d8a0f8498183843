package dev.eventstack.launcher;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.eventstack.contract.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast cluster manager of a node. The static part (TCP-IP join, no multicast, Vert.x's own
 * maps) is {@code conf/cluster.xml}; what differs per node comes from the command line.
 */
final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

  private ClusterSetup() {}

  /** Logs, at INFO, every member that joins or leaves, with the member count after it. */
  static void logMembership(ClusterManager manager, String clusterName) {
    Cluster cluster = ((HazelcastClusterManager) manager).getHazelcastInstance().getCluster();
    LOG.info(
        "joined cluster name={} members={} self={}",
        clusterName,
        cluster.getMembers().size(),
        cluster.getLocalMember().getAddress());
    cluster.addMembershipListener(
        new MembershipListener() {
          @Override
          public void memberAdded(MembershipEvent event) {
            LOG.info(
                "cluster member joined member={} members={}",
                event.getMember().getAddress(),
                event.getMembers().size());
          }

          @Override
          public void memberRemoved(MembershipEvent event) {
            LOG.info(
                "cluster member left member={} members={}",
                event.getMember().getAddress(),
                event.getMembers().size());
          }
        });
  }

  /**
   * Answers {@link Addresses.Status#CLUSTER} on this node with its id and the members it sees;
   * without a cluster manager the node lists itself alone.
   */
  static void answerStatus(Vertx vertx, ClusterManager manager) {
    vertx
        .eventBus()
        .<JsonObject>localConsumer(
            Addresses.Status.CLUSTER,
            message -> {
              String self = manager == null ? "local" : manager.getNodeId();
              List<String> members = manager == null ? List.of(self) : manager.getNodes();
              message.reply(
                  new JsonObject().put("node", self).put("members", new JsonArray(members)));
            });
  }

  static ClusterManager clusterManager(LaunchOptions options) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(options.clusterName());
    config.getNetworkConfig().setPort(options.clusterPort()).setPortAutoIncrement(false);
    config
        .getNetworkConfig()
        .getInterfaces()
        .setEnabled(true)
        .setInterfaces(List.of(options.clusterHost()));
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(withPorts(options.clusterMembers()));
    return new HazelcastClusterManager(config);
  }

  /** Hazelcast wants host:port; a bare host means the default port. */
  private static List<String> withPorts(List<String> members) {
    return members.stream()
        .map(m -> m.lastIndexOf(':') > 0 ? m : m + ":" + LaunchOptions.DEFAULT_CLUSTER_PORT)
        .toList();
  }
}
