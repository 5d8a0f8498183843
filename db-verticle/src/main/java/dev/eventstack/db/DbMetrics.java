package dev.eventstack.db;

import dev.eventstack.store.StoreStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The application's counters, next to Vert.x's own metrics: writes by entity and change, and job
 * status changes. They count on the node whose db-verticle did the write, so a cluster's sum is the
 * true total. Without a metrics registry (a unit test) they count nothing.
 */
final class DbMetrics {

  private DbMetrics() {}

  static void written(String entity, String change) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      Counter.builder("eventstack_writes")
          .description("Committed writes, by entity and change")
          .tag("entity", entity)
          .tag("change", change)
          .register(registry)
          .increment();
    }
  }

  /**
   * The embedded engine's query path: queries, documents read, in-memory sorts, counts from index
   * ranks, and collection scans (a query no index bounds; none should ever come from a request).
   */
  static void store(StoreStats stats) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return;
    }
    storeCounter(registry, "queries", "Queries the embedded engine ran", stats::queries, stats);
    storeCounter(
        registry, "documents_read", "Documents the queries read", stats::documentsRead, stats);
    storeCounter(
        registry,
        "collection_scans",
        "Queries that read a whole collection because no index bounds them",
        stats::collectionScans,
        stats);
    storeCounter(
        registry, "in_memory_sorts", "Queries sorted in memory", stats::inMemorySorts, stats);
    storeCounter(
        registry, "index_counts", "Counts answered from index ranks", stats::indexCounts, stats);
  }

  private static void storeCounter(
      MeterRegistry registry,
      String name,
      String description,
      java.util.function.LongSupplier value,
      StoreStats stats) {
    FunctionCounter.builder("eventstack_store_" + name, stats, s -> value.getAsLong())
        .description(description)
        .register(registry);
  }

  static void jobStatus(String status) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      Counter.builder("eventstack_jobs")
          .description("Job status changes, by the new status")
          .tag("status", status)
          .register(registry)
          .increment();
    }
  }
}
