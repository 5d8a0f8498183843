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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GroupCommitTest {

  @Test
  void concurrentWritesShareCommitsAndAllBecomeDurable(Vertx vertx) throws Exception {
    AtomicInteger commits = new AtomicInteger();
    Context context = vertx.getOrCreateContext();
    GroupCommit groupCommit =
        new GroupCommit(
            context,
            () -> {
              commits.incrementAndGet();
              sleep(20);
            });

    Promise<List<Future<Void>>> issued = Promise.promise();
    context.runOnContext(
        v -> {
          List<Future<Void>> waits = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            waits.add(groupCommit.durable());
          }
          issued.complete(waits);
        });
    List<Future<Void>> waits = issued.future().await(5, SECONDS);
    Future.all(waits).await(10, SECONDS);

    assertTrue(waits.stream().allMatch(Future::succeeded));
    // The first request starts a commit at once; the 99 that arrive meanwhile share the next one.
    assertEquals(2, commits.get());
  }

  @Test
  void aFailedCommitFailsTheWritesThatWaitedForIt(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    GroupCommit groupCommit =
        new GroupCommit(
            context,
            () -> {
              throw new IllegalStateException("disk full");
            });
    Promise<Future<Void>> issued = Promise.promise();
    context.runOnContext(v -> issued.complete(groupCommit.durable()));
    Future<Void> wait = issued.future().await(5, SECONDS);

    Throwable failure = wait.transform(Future::succeededFuture).await(5, SECONDS).cause();
    assertEquals("disk full", failure.getMessage());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
