package dev.eventstack.db;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.eventstack.contract.BusError;
import io.vertx.core.eventbus.ReplyException;

/**
 * Turns a database failure into the bus error that callers understand. {@link
 * dev.eventstack.contract.RequestConsumers} answers and logs it.
 */
final class MongoFailures {

  private static final int DUPLICATE_KEY = 11000;

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
    if (failure instanceof MongoTimeoutException || failure instanceof MongoSocketException) {
      return BusError.UNAVAILABLE;
    }
    if (failure instanceof MongoException mongo && mongo.getCode() == DUPLICATE_KEY) {
      return BusError.CONFLICT;
    }
    return BusError.INTERNAL;
  }
}
