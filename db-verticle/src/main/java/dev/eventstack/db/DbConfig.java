package dev.eventstack.db;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The db-verticle's section of the configuration, read once at start.
 *
 * @param url a MongoDB connection string, or null for the embedded default
 * @param dataDir where the embedded store keeps its file
 * @param databaseName the MongoDB database that holds the collections
 * @param serverSelectionTimeoutMs how long a request waits for an unreachable database before it
 *     fails, so that callers get an error instead of a hang
 * @param sampleData whether an empty books collection gets the 35 sample books
 * @param cacheEntries documents per collection kept for reads by id ({@link ReadCache})
 */
record DbConfig(
    String url,
    Path dataDir,
    String databaseName,
    long serverSelectionTimeoutMs,
    boolean sampleData,
    int cacheEntries) {

  /** Enough for every task and book of a team, and the latest beers. */
  static final int DEFAULT_CACHE_ENTRIES = 10_000;

  static DbConfig from(JsonObject json) {
    String url = json.getString("url");
    return new DbConfig(
        url == null || url.isBlank() ? null : url,
        Path.of(json.getString("dataDir", "data")),
        json.getString("databaseName", "eventstack"),
        json.getLong("serverSelectionTimeoutMs", 3000L),
        json.getBoolean("sampleData", true),
        // Only the embedded database has this verticle as its only writer.
        url == null || url.isBlank()
            ? Math.max(0, json.getInteger("cacheEntries", DEFAULT_CACHE_ENTRIES))
            : 0);
  }

  boolean embedded() {
    return url == null;
  }
}
