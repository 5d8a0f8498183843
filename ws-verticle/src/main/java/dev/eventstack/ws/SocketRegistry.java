package dev.eventstack.ws;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sockets one ws-verticle instance feeds: per channel, each socket's outbox, id and the format
 * it asked for. Touched only on the instance's event loop.
 */
final class SocketRegistry {

  record Socket(String writeAddress, String id, String format, String remote) {

    String key() {
      return key(writeAddress, id);
    }

    static String key(String writeAddress, String id) {
      return writeAddress + "#" + id;
    }
  }

  private final Map<String, Map<String, Socket>> byChannel = new HashMap<>();
  private final Map<String, String> channelOf = new HashMap<>();

  void add(String channel, Socket socket) {
    byChannel.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(socket.key(), socket);
    channelOf.put(socket.key(), channel);
  }

  /** Forgets a socket; returns it, or null when another instance holds it. */
  Socket remove(String writeAddress, String id) {
    String key = Socket.key(writeAddress, id);
    String channel = channelOf.remove(key);
    return channel == null ? null : byChannel.get(channel).remove(key);
  }

  Iterable<Socket> on(String channel) {
    return byChannel.getOrDefault(channel, Map.of()).values();
  }

  int size() {
    return channelOf.size();
  }
}
