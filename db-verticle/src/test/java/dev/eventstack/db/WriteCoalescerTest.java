package dev.eventstack.db;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WriteCoalescerTest {

  /** A bulk write that takes 20 ms, records its batches and answers each item doubled. */
  private static Function<List<Integer>, Future<WriteCoalescer.Written<Integer>>> recordingWrite(
      Vertx vertx, List<List<Integer>> batches) {
    return items -> {
      batches.add(items);
      Promise<WriteCoalescer.Written<Integer>> done = Promise.promise();
      vertx.setTimer(
          20,
          id -> done.complete(WriteCoalescer.Written.of(items.stream().map(i -> i * 2).toList())));
      return done.future();
    };
  }

  /** A commit that is always done already. */
  private static Future<Void> committed() {
    return Future.succeededFuture();
  }

  private static List<Future<Integer>> writeOnContext(
      Context context, WriteCoalescer<Integer, Integer> coalescer, int count) throws Exception {
    Promise<List<Future<Integer>>> issued = Promise.promise();
    context.runOnContext(
        v -> {
          List<Future<Integer>> results = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            results.add(coalescer.write(i));
          }
          issued.complete(results);
        });
    return issued.future().await(5, SECONDS);
  }

  @Test
  void writesThatArriveDuringAWriteGoOutTogetherInOrder(Vertx vertx) throws Exception {
    List<List<Integer>> batches = new ArrayList<>();
    Context context = vertx.getOrCreateContext();
    WriteCoalescer<Integer, Integer> coalescer =
        new WriteCoalescer<>(1000, recordingWrite(vertx, batches), WriteCoalescerTest::committed);

    List<Future<Integer>> results = writeOnContext(context, coalescer, 100);
    Future.all(results).await(10, SECONDS);

    // The first goes out alone at once; the 99 that waited share the next bulk write.
    assertEquals(List.of(List.of(0), rangeOf(1, 100)), batches);
    for (int i = 0; i < 100; i++) {
      assertEquals(i * 2, results.get(i).result());
    }
  }

  @Test
  void aBatchNeverExceedsItsMaximum(Vertx vertx) throws Exception {
    List<List<Integer>> batches = new ArrayList<>();
    WriteCoalescer<Integer, Integer> coalescer =
        new WriteCoalescer<>(10, recordingWrite(vertx, batches), WriteCoalescerTest::committed);

    Future.all(writeOnContext(vertx.getOrCreateContext(), coalescer, 25)).await(10, SECONDS);

    assertEquals(List.of(List.of(0), rangeOf(1, 11), rangeOf(11, 21), rangeOf(21, 25)), batches);
  }

  @Test
  void aFailedWriteFailsItsBatchOnlyAndTheNextBatchStillGoes(Vertx vertx) throws Exception {
    List<List<Integer>> batches = new ArrayList<>();
    Function<List<Integer>, Future<WriteCoalescer.Written<Integer>>> write =
        recordingWrite(vertx, batches);
    WriteCoalescer<Integer, Integer> coalescer =
        new WriteCoalescer<>(
            1000,
            items -> {
              if (items.contains(0)) {
                batches.add(items);
                throw new IllegalStateException("database down");
              }
              return write.apply(items);
            },
            WriteCoalescerTest::committed);

    List<Future<Integer>> results = writeOnContext(vertx.getOrCreateContext(), coalescer, 3);
    Future.join(results).otherwiseEmpty().await(10, SECONDS);

    assertTrue(results.get(0).failed());
    assertEquals("database down", results.get(0).cause().getMessage());
    assertEquals(2, results.get(1).result());
    assertEquals(4, results.get(2).result());
    // The failure was at once, so the next write went out alone again, and the last after it.
    assertEquals(List.of(List.of(0), List.of(1), List.of(2)), batches);
  }

  @Test
  void theNextBatchIsWrittenWhileTheLastWaitsForItsCommitAndAcksWaitForTheCommit(Vertx vertx)
      throws Exception {
    List<List<Integer>> batches = new ArrayList<>();
    List<Promise<Void>> commits = new ArrayList<>();
    List<String> durableHooks = new ArrayList<>();
    WriteCoalescer<Integer, Integer> coalescer =
        new WriteCoalescer<>(
            1000,
            items -> {
              batches.add(items);
              return Future.succeededFuture(
                  new WriteCoalescer.Written<>(
                      items, committed -> durableHooks.add("batch of " + items.size())));
            },
            () -> {
              Promise<Void> commit = Promise.promise();
              commits.add(commit);
              return commit.future();
            });
    Context context = vertx.getOrCreateContext();

    List<Future<Integer>> first = writeOnContext(context, coalescer, 1);
    List<Future<Integer>> next = writeOnContext(context, coalescer, 3);

    // Each write finished at once, so each went out alone, without waiting for any commit: four
    // batches written, four commits asked for, none finished, and nothing acknowledged yet.
    assertEquals(List.of(List.of(0), List.of(0), List.of(1), List.of(2)), batches);
    assertEquals(4, commits.size());
    assertTrue(!first.get(0).isComplete() && next.stream().noneMatch(Future::isComplete));
    assertTrue(durableHooks.isEmpty());

    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          commits.forEach(Promise::complete);
          done.complete();
        });
    done.future().await(5, SECONDS);
    assertEquals(0, first.get(0).await(5, SECONDS));
    assertEquals(List.of(0, 1, 2), Future.all(next).await(5, SECONDS).list().stream().toList());
    assertEquals(4, durableHooks.size(), "each batch ran its hook once durable");
  }

  @Test
  void aFailedCommitFailsTheBatchAndTellsItsHook(Vertx vertx) throws Exception {
    List<String> durableHooks = new ArrayList<>();
    WriteCoalescer<Integer, Integer> coalescer =
        new WriteCoalescer<>(
            1000,
            items ->
                Future.succeededFuture(
                    new WriteCoalescer.Written<>(
                        items,
                        committed -> durableHooks.add(committed ? "announced" : "not committed"))),
            () -> Future.failedFuture("disk full"));

    List<Future<Integer>> results = writeOnContext(vertx.getOrCreateContext(), coalescer, 1);
    Future.join(results).otherwiseEmpty().await(5, SECONDS);

    assertEquals("disk full", results.get(0).cause().getMessage());
    assertEquals(List.of("not committed"), durableHooks);
  }

  private static List<Integer> rangeOf(int from, int to) {
    List<Integer> range = new ArrayList<>();
    for (int i = from; i < to; i++) {
      range.add(i);
    }
    return range;
  }
}
