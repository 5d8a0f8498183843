package dev.eventstack.db;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import dev.eventstack.contract.BusError;
import io.vertx.core.eventbus.ReplyException;
import java.util.Set;

/**
 * Turns a database failure into the bus error that callers understand. {@link
 * dev.eventstack.contract.RequestConsumers} answers and logs it.
 */
final class MongoFailures {

  private static final int DUPLICATE_KEY = 11000;

  /**
   * MongoDB's codes for "this node cannot take the operation now, another will soon": the primary
   * stepped down or is being elected, or the node is starting, recovering or shutting down. The
   * write was not acknowledged, so the caller gets 503 with Retry-After and may send it again; it
   * is never reported as done (docs/cluster.md).
   */
  static final Set<Integer> REPLICA_STATE_CODES =
      Set.of(
          6, // HostUnreachable
          7, // HostNotFound
          89, // NetworkTimeout
          91, // ShutdownInProgress
          189, // PrimarySteppedDown
          262, // ExceededTimeLimit
          9001, // SocketException
          10107, // NotWritablePrimary
          11600, // InterruptedAtShutdown
          11602, // InterruptedDueToReplStateChange
          13435, // NotPrimaryNoSecondaryOk
          13436, // NotPrimaryOrSecondary
          64 // WriteConcernFailed: not acknowledged by a majority in time
          );

  /** The driver's labels for an error worth trying again on another primary. */
  private static final Set<String> RETRYABLE_LABELS =
      Set.of(
          "RetryableWriteError",
          MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL,
          MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);

  private MongoFailures() {}

  /** The answer to a database failure; null for a failure that is not the database's (a bug). */
  static ReplyException answerFor(Throwable failure) {
    return switch (classify(failure)) {
      case UNAVAILABLE -> BusError.UNAVAILABLE.refusal("Database unavailable");
      case CONFLICT -> BusError.CONFLICT.refusal("Duplicate key");
      default ->
          failure instanceof MongoException ? BusError.INTERNAL.refusal("Database error") : null;
    };
  }

  static BusError classify(Throwable failure) {
    if (failure instanceof MongoTimeoutException
        || failure instanceof MongoSocketException
        || failure instanceof MongoNotPrimaryException
        || failure instanceof MongoNodeIsRecoveringException
        || failure instanceof MongoWriteConcernException) {
      return BusError.UNAVAILABLE;
    }
    if (failure instanceof MongoBulkWriteException bulk
        && (bulk.getWriteConcernError() != null
            || bulk.getWriteErrors().stream()
                .anyMatch(error -> REPLICA_STATE_CODES.contains(error.getCode())))) {
      return BusError.UNAVAILABLE;
    }
    if (failure instanceof MongoException mongo) {
      if (REPLICA_STATE_CODES.contains(mongo.getCode())
          || RETRYABLE_LABELS.stream().anyMatch(mongo::hasErrorLabel)) {
        return BusError.UNAVAILABLE;
      }
      if (mongo.getCode() == DUPLICATE_KEY) {
        return BusError.CONFLICT;
      }
    }
    return BusError.INTERNAL;
  }
}
