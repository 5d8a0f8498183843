package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one channel and format on one http-verticle instance. While it has any, it
 * consumes that channel's frames in that format ({@link Addresses.Sockets#frames}, local) and
 * writes each frame, built once by the ws-verticle, to every one of them in arrival order, except
 * to the sockets of the tap whose beer the frame announces. A socket whose write queue is full is
 * dropped (1008): a slow or dead client must not hold memory or delay the others. Touched only on
 * the instance's event loop.
 */
final class SocketAudience {

  private static final Logger LOG = LoggerFactory.getLogger(SocketRoutes.class);

  /** A client too slow to take its messages is closed with "policy violation". */
  private static final short TOO_SLOW = 1008;

  /** One socket of the audience, with what its log lines name it by. */
  static final class Member {
    final ServerWebSocket socket;
    final String remote;

    /** The tap this socket said it is, as decimal text; null when it said none. */
    final String tapId;

    Member(ServerWebSocket socket, String remote, String tapId) {
      this.socket = socket;
      this.remote = remote;
      this.tapId = tapId;
    }
  }

  private final EventBus bus;
  private final String address;
  private final int writeQueueBytes;
  private final Set<Member> members = new LinkedHashSet<>();
  private MessageConsumer<String> frames;

  SocketAudience(EventBus bus, String channel, String format, int writeQueueBytes) {
    this.bus = bus;
    this.address = Addresses.Sockets.frames(channel, format);
    this.writeQueueBytes = writeQueueBytes;
  }

  void add(Member member) {
    members.add(member);
    if (frames == null) {
      frames = bus.localConsumer(address, this::write);
    }
  }

  /** Forgets a socket; the last one out stops the frames. Safe to call twice. */
  void remove(Member member) {
    if (members.remove(member) && members.isEmpty() && frames != null) {
      frames.unregister();
      frames = null;
    }
  }

  List<Member> members() {
    return List.copyOf(members);
  }

  /**
   * One frame to every socket, but the sockets of the tap whose beer it announces; the slow ones
   * are dropped after the others have theirs.
   */
  private void write(Message<String> frame) {
    String text = frame.body();
    String fromTap = frame.headers().get(Addresses.Sockets.TAP_ID_HEADER);
    List<Member> slow = null;
    for (Member member : members) {
      ServerWebSocket socket = member.socket;
      if (socket.isClosed() || (fromTap != null && fromTap.equals(member.tapId))) {
        continue;
      }
      if (socket.writeQueueFull()) {
        slow = slow == null ? new ArrayList<>() : slow;
        slow.add(member);
      } else {
        socket.writeTextMessage(text);
      }
    }
    if (slow != null) {
      slow.forEach(this::drop);
    }
  }

  /**
   * Out of the audience at once: the close handshake waits for a client that does not read, and
   * every frame meanwhile would otherwise log the drop again.
   */
  private void drop(Member member) {
    remove(member);
    LOG.warn(
        "socket dropped: slow consumer, write queue over {} bytes remote={}",
        writeQueueBytes,
        member.remote);
    member.socket.close(TOO_SLOW, "Too slow: write queue full");
  }
}
