package dev.eventstack.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the query path did, for {@code /metrics} and for tests: how many queries ran, how many
 * documents they read, and how many had to read a whole collection (a "collection scan").
 *
 * <p>A query scans when no index bounds it and its work grows with the collection rather than with
 * its answer: a filter no index covers, or a sort no index gives. Reading a whole collection in
 * index order to return all of it, or stopping at a limit, is not a scan.
 */
public final class StoreStats {

  private final LongAdder queries = new LongAdder();
  private final LongAdder documentsRead = new LongAdder();
  private final LongAdder collectionScans = new LongAdder();
  private final LongAdder inMemorySorts = new LongAdder();
  private final LongAdder indexCounts = new LongAdder();

  void query(boolean scan, boolean inMemorySort) {
    queries.increment();
    if (scan) {
      collectionScans.increment();
    }
    if (inMemorySort) {
      inMemorySorts.increment();
    }
  }

  void documentRead() {
    documentsRead.increment();
  }

  void indexCount() {
    indexCounts.increment();
  }

  public long queries() {
    return queries.sum();
  }

  public long documentsRead() {
    return documentsRead.sum();
  }

  public long collectionScans() {
    return collectionScans.sum();
  }

  public long inMemorySorts() {
    return inMemorySorts.sum();
  }

  /** Counts answered from index ranks, without reading a document. */
  public long indexCounts() {
    return indexCounts.sum();
  }
}
