package dev.eventstack.db;

import java.util.UUID;

/**
 * The ids the stores make for tasks, books, resources and jobs: 32 lowercase hex digits, a random
 * UUID's without its dashes. Random, so that nodes sharing a database never draw the same one.
 */
final class RandomIds {

  private RandomIds() {}

  static String next() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
