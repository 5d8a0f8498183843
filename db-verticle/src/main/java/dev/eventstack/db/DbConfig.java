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
 */
record DbConfig(
    String url, Path dataDir, String databaseName, long serverSelectionTimeoutMs,
    boolean sampleData) {

  static DbConfig from(JsonObject json) {
    String url = json.getString("url");
    return new DbConfig(
        url == null || url.isBlank() ? null : url,
        Path.of(json.getString("dataDir", "data")),
        json.getString("databaseName", "eventstack"),
        json.getLong("serverSelectionTimeoutMs", 3000L),
        json.getBoolean("sampleData", true));
  }

  boolean embedded() {
    return url == null;
  }
}
