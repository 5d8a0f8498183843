package dev.eventstack.contract;

/** Event-bus message headers that cross verticle boundaries. */
public final class BusHeaders {

  private BusHeaders() {}

  /**
   * The id of the HTTP request that caused this message, so that every verticle's log lines for one
   * request can be found with one grep.
   */
  public static final String REQUEST_ID = "req_id";
}
