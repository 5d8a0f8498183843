package dev.eventstack.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One request written byte for byte on a fresh connection, for the headers a client library will
 * not send (a second Host, Content-Length with Transfer-Encoding, a forged Host).
 */
final class RawHttp {

  /** The answer: its status, its head and its body (all that came before the close). */
  record Answer(int status, String head, String body) {
    boolean hasHeader(String name) {
      return head.toLowerCase(java.util.Locale.ROOT)
          .contains("\r\n" + name.toLowerCase(java.util.Locale.ROOT) + ":");
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code request} and reads until the server closes or {@code Content-Length} bytes came.
   */
  static Answer send(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      byte[] buffer = new byte[8192];
      int split = -1;
      long wanted = Long.MAX_VALUE;
      while (text.length() < wanted) {
        int read;
        try {
          read = in.read(buffer);
        } catch (java.net.SocketTimeoutException e) {
          break;
        }
        if (read < 0) {
          break;
        }
        text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        if (split < 0 && (split = text.indexOf("\r\n\r\n")) >= 0) {
          wanted = split + 4 + contentLength(text.substring(0, split));
        }
      }
      String all = text.toString();
      int end = all.indexOf("\r\n\r\n");
      String head = end < 0 ? all : all.substring(0, end + 2);
      return new Answer(
          Integer.parseInt(all.substring(9, 12)), head, end < 0 ? "" : all.substring(end + 4));
    }
  }

  /** Whether the server closes the connection after its answer, within a few seconds. */
  static boolean closesAfter(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      try {
        while (in.read() >= 0) {
          // drain the answer
        }
        return true;
      } catch (java.net.SocketTimeoutException keptOpen) {
        return false;
      } catch (java.net.SocketException reset) {
        return true;
      }
    }
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return Long.MAX_VALUE;
  }
}
