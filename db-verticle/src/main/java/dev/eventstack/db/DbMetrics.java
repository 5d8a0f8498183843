package dev.eventstack.db;

import io.micrometer.core.instrument.Counter;
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
