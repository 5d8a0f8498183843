package dev.eventstack.db;

import io.vertx.core.Future;

/**
 * What a write must wait for before it is acknowledged. The embedded store needs an explicit disk
 * commit; a real MongoDB is made durable by the write concern in its connection string.
 */
@FunctionalInterface
interface Durability {

  Future<Void> durable();

  Durability WRITE_CONCERN = Future::succeededFuture;
}
