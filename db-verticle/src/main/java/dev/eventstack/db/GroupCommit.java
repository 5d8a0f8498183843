package dev.eventstack.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes acknowledged writes durable on the embedded store without one disk commit per write.
 *
 * <p>A write asks for {@link #durable()} before it replies. Requests that arrive while a commit is
 * running wait for the next one, so N concurrent writes cost about two commits, not N. All state is
 * touched only on the owning verticle's event loop; the commit itself runs on a worker.
 */
final class GroupCommit {

  private final Context context;
  private final Runnable commit;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean committing;

  GroupCommit(Context context, Runnable commit) {
    this.context = context;
    this.commit = commit;
  }

  /** Completes once every write applied before this call is on disk. */
  Future<Void> durable() {
    Promise<Void> promise = Promise.promise();
    waiting.add(promise);
    if (!committing) {
      commitWaiting();
    }
    return promise.future();
  }

  private void commitWaiting() {
    List<Promise<Void>> batch = waiting;
    waiting = new ArrayList<>();
    committing = true;
    context
        .executeBlocking(
            () -> {
              commit.run();
              return null;
            },
            false)
        .onComplete(
            result -> {
              committing = false;
              for (Promise<Void> promise : batch) {
                promise.handle(result.mapEmpty());
              }
              if (!waiting.isEmpty()) {
                commitWaiting();
              }
            });
  }
}
