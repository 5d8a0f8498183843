package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check of an explicit cluster port before the node starts. */
class ClusterSetupTest {

  private static NodeConfig.Cluster clusterOn(int port) {
    return new NodeConfig.Cluster(true, "test", "127.0.0.1", port, List.of());
  }

  @Test
  void aPortWithAListenerIsTaken() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String taken = ClusterSetup.takenPort(clusterOn(listener.getLocalPort()));
      assertNotNull(taken);
      assertEquals(
          "cluster port " + listener.getLocalPort() + " on 127.0.0.1 is already in use",
          taken.substring(0, taken.indexOf(" (")));
    }
  }

  /**
   * A port whose listener is gone but whose connections were closed by this side still has them in
   * TIME_WAIT for a minute: a node restarted at once must get it (ClusterIT once failed so).
   */
  @Test
  void aPortLeftWithClosedConnectionsIsFree() throws Exception {
    int port;
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      port = listener.getLocalPort();
      Socket accepted = listener.accept();
      accepted.close(); // this side closes first, so its end goes to TIME_WAIT
      try (InputStream in = client.getInputStream()) {
        assertEquals(-1, in.read());
      }
    }
    assertNull(ClusterSetup.takenPort(clusterOn(port)));
  }
}
