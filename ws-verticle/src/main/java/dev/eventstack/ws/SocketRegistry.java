package dev.eventstack.ws;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sockets one ws-verticle instance feeds: per channel, each socket's write address and the
 * format it asked for. Touched only on the instance's event loop.
 */
final class SocketRegistry {

  record Socket(String writeAddress, String format, String remote) {}

  private final Map<String, Map<String, Socket>> byChannel = new HashMap<>();
  private final Map<String, String> channelOf = new HashMap<>();

  void add(String channel, Socket socket) {
    byChannel.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(socket.writeAddress(), socket);
    channelOf.put(socket.writeAddress(), channel);
  }

  /** Forgets a socket; returns it, or null when another instance holds it. */
  Socket remove(String writeAddress) {
    String channel = channelOf.remove(writeAddress);
    return channel == null ? null : byChannel.get(channel).remove(writeAddress);
  }

  Iterable<Socket> on(String channel) {
    return byChannel.getOrDefault(channel, Map.of()).values();
  }

  int size() {
    return channelOf.size();
  }
}
