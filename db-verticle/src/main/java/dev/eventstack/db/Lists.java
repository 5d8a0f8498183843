package dev.eventstack.db;

/** How the stores read lists. */
final class Lists {

  /**
   * Documents per reply of a list query. The driver's default is 20, so a page of 50 took a reply
   * and two {@code getMore} round trips, and 100 tasks five; this answers most lists in one.
   */
  static final int BATCH_SIZE = 1000;

  private Lists() {}
}
