package dev.eventstack.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns concurrent single writes into bulk writes. The first write goes out at once, alone; the
 * writes that arrive while a bulk write (and its commit) runs wait, and go out together as the next
 * one, up to {@code maxBatch}. So under load one round trip to the database and one commit serve
 * many requests, and with no load a write waits for nothing.
 *
 * <p>The wire path alone caps single writes at a few thousand a second (see docs/storage.md); this
 * is what lifts POST throughput past it. All state is touched on the owning verticle's event loop
 * only.
 *
 * @param <T> what one request writes
 * @param <R> what one request gets back
 */
final class WriteCoalescer<T, R> {

  private record Pending<T, R>(T item, Promise<R> result) {}

  private final int maxBatch;
  private final Function<List<T>, Future<List<R>>> writeAll;
  private List<Pending<T, R>> waiting = new ArrayList<>();
  private boolean writing;

  /**
   * @param writeAll writes the items as one bulk write and answers one result per item, in order; a
   *     failure fails every item of the batch
   */
  WriteCoalescer(int maxBatch, Function<List<T>, Future<List<R>>> writeAll) {
    this.maxBatch = maxBatch;
    this.writeAll = writeAll;
  }

  /** Completes once {@code item} is written and durable, with its result. */
  Future<R> write(T item) {
    Promise<R> result = Promise.promise();
    waiting.add(new Pending<>(item, result));
    if (!writing) {
      writeWaiting();
    }
    return result.future();
  }

  private void writeWaiting() {
    int size = Math.min(maxBatch, waiting.size());
    List<Pending<T, R>> batch = new ArrayList<>(waiting.subList(0, size));
    waiting = new ArrayList<>(waiting.subList(size, waiting.size()));
    writing = true;
    Future<List<R>> written;
    try {
      written = writeAll.apply(batch.stream().map(Pending::item).toList());
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        outcome -> {
          writing = false;
          for (int i = 0; i < batch.size(); i++) {
            if (outcome.succeeded()) {
              batch.get(i).result().complete(outcome.result().get(i));
            } else {
              batch.get(i).result().fail(outcome.cause());
            }
          }
          if (!waiting.isEmpty()) {
            writeWaiting();
          }
        });
  }
}
