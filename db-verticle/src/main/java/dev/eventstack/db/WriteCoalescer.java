package dev.eventstack.db;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns concurrent single writes into bulk writes. The first write goes out at once, alone; the
 * writes that arrive while a bulk write runs wait, and go out together as the next one, up to
 * {@code maxBatch}. So under load one round trip to the database serves many requests, and with no
 * load a write waits for nothing.
 *
 * <p>Writing and making durable are pipelined: once a batch is written, the next one goes out while
 * the first waits for its commit (a group commit, shared with every other write made before it). A
 * batch is acknowledged only after its commit, and batches complete in order, since each asks for
 * durability after the one before it.
 *
 * <p>The wire path alone caps single writes at a few thousand a second (see docs/storage.md); this
 * is what lifts POST throughput past it. All state is touched on the owning verticle's event loop
 * only.
 *
 * @param <T> what one request writes
 * @param <R> what one request gets back
 */
final class WriteCoalescer<T, R> {

  /**
   * A batch as written: one result per item, in order, and what to do once its commit is done,
   * before the results go back: told true when it succeeded (say, announce the batch), false when
   * it failed.
   */
  record Written<R>(List<R> results, Consumer<Boolean> onCommit) {

    static <R> Written<R> of(List<R> results) {
      return new Written<>(results, committed -> {});
    }
  }

  private record Pending<T, R>(T item, Promise<R> result) {}

  private final int maxBatch;
  private final Function<List<T>, Future<Written<R>>> writeAll;
  private final Supplier<Future<Void>> durable;
  private List<Pending<T, R>> waiting = new ArrayList<>();
  private boolean writing;

  /**
   * @param writeAll writes the items as one bulk write; a failure fails every item of the batch
   * @param durable completes once every write made before the call is durable
   */
  WriteCoalescer(
      int maxBatch,
      Function<List<T>, Future<Written<R>>> writeAll,
      Supplier<Future<Void>> durable) {
    this.maxBatch = maxBatch;
    this.writeAll = writeAll;
    this.durable = durable;
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
    Future<Written<R>> written;
    try {
      written = writeAll.apply(batch.stream().map(Pending::item).toList());
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        outcome -> {
          writing = false;
          if (outcome.succeeded()) {
            durable
                .get()
                .onComplete(
                    committed -> {
                      outcome.result().onCommit().accept(committed.succeeded());
                      complete(batch, committed.map(outcome.result().results()));
                    });
          } else {
            complete(batch, Future.failedFuture(outcome.cause()));
          }
          if (!waiting.isEmpty()) {
            writeWaiting();
          }
        });
  }

  private void complete(List<Pending<T, R>> batch, AsyncResult<List<R>> outcome) {
    for (int i = 0; i < batch.size(); i++) {
      if (outcome.succeeded()) {
        batch.get(i).result().complete(outcome.result().get(i));
      } else {
        batch.get(i).result().fail(outcome.cause());
      }
    }
  }
}
