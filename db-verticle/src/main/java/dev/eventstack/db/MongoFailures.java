package dev.eventstack.db;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.eventstack.contract.BusError;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a database failure into the bus error that callers understand, and logs it once. */
final class MongoFailures {

  private static final Logger LOG = LoggerFactory.getLogger(MongoFailures.class);
  private static final int DUPLICATE_KEY = 11000;

  private MongoFailures() {}

  static void refuse(Message<?> message, Throwable failure) {
    BusError error = classify(failure);
    String reqId = RequestIds.of(message);
    if (error == BusError.INTERNAL) {
      LOG.error("req_id={} address={} outcome=error", reqId, message.address(), failure);
      error.fail(message, "Database error");
    } else if (error == BusError.UNAVAILABLE) {
      LOG.warn(
          "req_id={} address={} outcome=unavailable cause=\"{}\"",
          reqId,
          message.address(),
          failure.getMessage());
      error.fail(message, "Database unavailable");
    } else {
      LOG.debug("req_id={} address={} outcome={}", reqId, message.address(), error);
      error.fail(message, "Duplicate key");
    }
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
