package dev.eventstack.contract;

import java.util.Set;

/**
 * The WebSocket channels ({@code /sockets/{channel}}) and formats ({@code ?format=text|json}). What
 * each channel sends is {@link SocketEvents}; how a frame reaches the sockets is {@link
 * Addresses.Sockets}.
 */
public final class SocketMessages {

  private SocketMessages() {}

  /** {@code /sockets/tasks}: every change of a task. */
  public static final String CHANNEL_TASKS = "tasks";

  /** {@code /sockets/beers}: beers added and deleted, and the statistics. */
  public static final String CHANNEL_BEERS = "beers";

  /** {@code /sockets/jobs}: every change of a queued job's status. */
  public static final String CHANNEL_JOBS = "jobs";

  /** {@code /sockets/books}: every change of a book, for the live web UI. */
  public static final String CHANNEL_BOOKS = "books";

  public static final Set<String> CHANNELS =
      Set.of(CHANNEL_TASKS, CHANNEL_BEERS, CHANNEL_JOBS, CHANNEL_BOOKS);

  /**
   * The channels that need a token when auth is on: the same feeds as {@link
   * Addresses.Bridge#OUTBOUND_WITH_TOKEN} on the bridges.
   */
  public static final Set<String> TOKEN_CHANNELS = Set.of(CHANNEL_BEERS, CHANNEL_JOBS);

  /** Human-readable lines, as the seed servers send them. */
  public static final String FORMAT_TEXT = "text";

  /** One JSON event per frame: {@code {"event": …}}. */
  public static final String FORMAT_JSON = "json";

  public static final Set<String> FORMATS = Set.of(FORMAT_TEXT, FORMAT_JSON);
}
