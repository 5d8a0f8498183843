package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
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
 *
 * <p>Frames are written in rounds (docs/websockets.md). A frame is encoded to UTF-8 once, into one
 * buffer that every socket's frame shares. The frames that came in since the last round go to each
 * socket together, with one flush: one system call per socket and round, whatever the number of
 * frames, so an added beer's two text frames cost one, and a fan-out that runs behind catches up
 * instead of falling further back. This writes to the socket's Netty channel, below Vert.x's write
 * queue: Vert.x's public API encodes and flushes each message on its own.
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

    /**
     * Where its frames are written: the socket's Netty channel, below Vert.x's write queue; null
     * when Vert.x did not say, and then frames go through the socket's own API.
     */
    private final Channel channel;

    Member(ServerWebSocket socket, HttpConnection connection, String remote, String tapId) {
      this.socket = socket;
      this.remote = remote;
      this.tapId = tapId;
      this.channel = channelOf(connection);
    }

    /**
     * The channel under an HTTP/1 connection, which after the upgrade carries the socket's frames.
     * Vert.x says it only through its implementation class; should that change, the audience falls
     * back to its public API, slower but the same to clients.
     */
    private static Channel channelOf(HttpConnection connection) {
      return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    private boolean isOpen() {
      return channel == null ? !socket.isClosed() : channel.isActive();
    }

    private boolean isBehind() {
      return channel == null ? socket.writeQueueFull() : !channel.isWritable();
    }

    /** Writes the frame without a flush. */
    private void write(Frame frame) {
      if (channel == null) {
        socket.writeTextMessage(frame.text());
      } else {
        channel.write(new TextWebSocketFrame(frame.utf8().duplicate()), channel.voidPromise());
      }
    }

    private void flush() {
      if (channel != null) {
        channel.flush();
      }
    }

    private void ping() {
      if (channel == null) {
        socket.writePing(Buffer.buffer());
      } else {
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
      }
    }
  }

  /**
   * A frame waiting for the next round: its text, its UTF-8 bytes, and the tap whose beer it
   * announces.
   */
  private record Frame(String text, ByteBuf utf8, String fromTap) {

    int size() {
      return utf8.readableBytes();
    }

    /** Every socket gets it, but the sockets of the tap whose beer it announces. */
    boolean isFor(Member member) {
      return fromTap == null || !fromTap.equals(member.tapId);
    }
  }

  /** At most this many bytes of frames go out in one round (see {@link #nextRound}). */
  private static final int ROUND_BYTES = 16 * 1024;

  private final Context context;
  private final EventBus bus;
  private final String address;
  private final int writeQueueBytes;
  private final long pingEveryMs;
  private long pinger = -1;
  private final Set<Member> members = new LinkedHashSet<>();
  private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
  private boolean roundScheduled;
  private MessageConsumer<String> frames;

  /**
   * @param pingEveryMs how often each socket is pinged, 0 for never: the HTTP idle timeout would
   *     otherwise close a socket that had no frame for that long
   */
  SocketAudience(
      Context context,
      EventBus bus,
      String channel,
      String format,
      int writeQueueBytes,
      long pingEveryMs) {
    this.context = context;
    this.bus = bus;
    this.address = Addresses.Sockets.frames(channel, format);
    this.writeQueueBytes = writeQueueBytes;
    this.pingEveryMs = pingEveryMs;
  }

  void add(Member member) {
    members.add(member);
    if (frames == null) {
      frames = bus.localConsumer(address, this::enqueue);
      if (pingEveryMs > 0) {
        pinger = context.owner().setPeriodic(pingEveryMs, id -> pingAll());
      }
    }
  }

  /** Forgets a socket; the last one out stops the frames. Safe to call twice. */
  void remove(Member member) {
    if (members.remove(member) && members.isEmpty() && frames != null) {
      frames.unregister();
      frames = null;
      context.owner().cancelTimer(pinger);
    }
  }

  /**
   * A ping to every socket that keeps up: a write, so the idle timeout leaves the socket open, and
   * browsers answer it on their own.
   */
  private void pingAll() {
    for (Member member : members) {
      if (member.isOpen() && !member.isBehind()) {
        member.ping();
      }
    }
  }

  List<Member> members() {
    return List.copyOf(members);
  }

  /**
   * Keeps the frame for the next round, which runs after the frames already on their way to this
   * event loop: those that arrive together go out together.
   */
  private void enqueue(Message<String> message) {
    // On the heap, and never released: each socket's frame is a view of it, and the garbage
    // collector frees it after the last socket wrote it.
    ByteBuf utf8 =
        Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(message.body().getBytes(StandardCharsets.UTF_8)));
    waiting.add(
        new Frame(message.body(), utf8, message.headers().get(Addresses.Sockets.TAP_ID_HEADER)));
    scheduleRound();
  }

  private void scheduleRound() {
    if (!roundScheduled) {
      roundScheduled = true;
      context.runOnContext(v -> writeRound());
    }
  }

  /**
   * The waiting frames to every socket, in order, but those of its own tap, with one flush per
   * socket; the slow ones are dropped after the others have theirs.
   */
  private void writeRound() {
    roundScheduled = false;
    List<Frame> round = nextRound();
    List<Member> slow = null;
    for (Member member : members) {
      if (member.isOpen() && !writeTo(member, round)) {
        slow = slow == null ? new ArrayList<>() : slow;
        slow.add(member);
      }
    }
    if (slow != null) {
      slow.forEach(this::drop);
    }
    if (!waiting.isEmpty()) {
      scheduleRound();
    }
  }

  /**
   * The waiting frames, up to {@link #ROUND_BYTES}, and at least one. A bounded round lets the
   * event loop write out what it flushed, and read, before the next one: a flood of frames must not
   * pile up unsent in the channels of readers that keep up.
   */
  private List<Frame> nextRound() {
    List<Frame> round = new ArrayList<>();
    int bytes = 0;
    while (!waiting.isEmpty()
        && (round.isEmpty() || bytes + waiting.peek().size() <= ROUND_BYTES)) {
      Frame frame = waiting.poll();
      round.add(frame);
      bytes += frame.size();
    }
    return round;
  }

  /**
   * Writes the frames of the round that are for this socket, then flushes once. False when its
   * write queue is full before the last of them: it is too slow.
   */
  private static boolean writeTo(Member member, List<Frame> round) {
    boolean wrote = false;
    for (Frame frame : round) {
      if (!frame.isFor(member)) {
        continue;
      }
      if (member.isBehind()) {
        // What this round wrote counts until it is flushed: flush, then judge.
        member.flush();
        if (member.isBehind()) {
          return false;
        }
      }
      member.write(frame);
      wrote = true;
    }
    if (wrote) {
      member.flush();
    }
    return true;
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
