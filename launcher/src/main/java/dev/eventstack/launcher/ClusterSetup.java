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
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast cluster manager of a node. The static part (TCP-IP join, no multicast, Vert.x's own
 * maps) is {@code conf/cluster.xml}; what differs per node comes from the command line.
 */
final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

  /** Hazelcast's default port, where nodes without a port of their own start looking. */
  static final int FIRST_PORT = 5701;

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

  /**
   * The member's Hazelcast configuration: {@code conf/cluster.xml}, then the cluster's name, bind
   * address, port and members. Without a port of its own a node takes the first free one from 5701
   * up, as Hazelcast does by default, so nodes started with the same command line on one machine
   * each get one; the default members are 127.0.0.1:5701-5703, where they look for each other.
   */
  static ClusterManager clusterManager(NodeConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    boolean anyPort = cluster.port() == 0;
    config
        .getNetworkConfig()
        .setPort(anyPort ? FIRST_PORT : cluster.port())
        .setPortAutoIncrement(anyPort)
        // A node restarted at once finds its port still held by the last run's closed
        // connections (TIME_WAIT); Hazelcast's default would refuse it for a minute.
        .setReuseAddress(true);
    config
        .getNetworkConfig()
        .getInterfaces()
        .setEnabled(true)
        .setInterfaces(List.of(address(cluster.host())));
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(withPorts(cluster.members()));
    return new HazelcastClusterManager(config);
  }

  /**
   * Why the cluster port given cannot be had, in one line, or null when it is free (or none was
   * given, or the node runs alone).
   */
  static String takenPort(NodeConfig.Cluster cluster) {
    if (!cluster.enabled() || cluster.port() == 0) {
      return null;
    }
    try (ServerSocket probe = new ServerSocket()) {
      // As Hazelcast binds it: a listener blocks the port, closed connections do not.
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(cluster.host(), cluster.port()));
      return null;
    } catch (IOException e) {
      return "cluster port "
          + cluster.port()
          + " on "
          + cluster.host()
          + " is already in use (leave out --cluster-port to take the first free one from "
          + FIRST_PORT
          + " up)";
    }
  }

  /**
   * Hazelcast binds an interface given as an IP address; a host name (a compose service's, say) is
   * looked up here, once, before the node starts.
   */
  private static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      return host; // Hazelcast then says that no interface matches
    }
  }

  /** Hazelcast wants host:port; a bare host means the default port. */
  private static List<String> withPorts(List<String> members) {
    return members.stream().map(m -> m.lastIndexOf(':') > 0 ? m : m + ":" + FIRST_PORT).toList();
  }
}
