package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.JobTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shipped job types (see {@link JobTypes}). They reach the data only through the db-verticle's
 * bus addresses.
 */
final class JobHandlers {

  private JobHandlers() {}

  /**
   * @param blocking the pool that blocking job code runs on: the jobs' own, so that long jobs never
   *     starve Vert.x's shared worker pool
   */
  static Map<String, JobHandler> all(Vertx vertx, WorkerExecutor blocking, Path dataDir) {
    return Map.of(
        JobTypes.DEMO_SLEEP, job -> demoSleep(blocking, job),
        JobTypes.REPORT_TASKS,
            job ->
                request(vertx, Addresses.Tasks.REPORT, new JsonObject())
                    .map(JobHandler.Outcome::of),
        JobTypes.PURGE_BEERS, job -> purgeBeers(vertx, job),
        JobTypes.EXPORT_BOOKS, job -> exportBooks(vertx, dataDir, job));
  }

  /** Sleeps off the event loop, then fails if told to: always, or on the first n attempts. */
  private static Future<JobHandler.Outcome> demoSleep(WorkerExecutor blocking, JsonObject job) {
    JsonObject payload = job.getJsonObject(JobMessages.PAYLOAD);
    long ms = payload.getLong("ms");
    int attempt = job.getInteger(JobMessages.ATTEMPTS);
    boolean fail =
        payload.getBoolean("fail", false) || attempt <= payload.getInteger("fail_first", 0);
    return blocking.executeBlocking(
        () -> {
          Thread.sleep(ms);
          if (fail) {
            throw new IllegalStateException("demo.sleep failed as told, attempt " + attempt);
          }
          return JobHandler.Outcome.of(new JsonObject().put("slept_ms", ms));
        },
        false);
  }

  private static Future<JobHandler.Outcome> purgeBeers(Vertx vertx, JsonObject job) {
    long before = JobTypes.purgeBefore(job.getJsonObject(JobMessages.PAYLOAD), Instant.now());
    return request(vertx, Addresses.Beers.PURGE, new JsonObject().put("before", before))
        .map(
            reply ->
                JobHandler.Outcome.of(
                    reply.copy().put("before", Instant.ofEpochMilli(before).toString())));
  }

  /**
   * Writes every book to {@code <data-dir>/exports/books-<job id>.json|csv}; the file also goes
   * with the result, so that any node can serve it.
   */
  private static Future<JobHandler.Outcome> exportBooks(Vertx vertx, Path dataDir, JsonObject job) {
    String format = job.getJsonObject(JobMessages.PAYLOAD).getString("format", "json");
    String name = "books-" + job.getString(JobMessages.ID) + "." + format;
    Path exports = dataDir.resolve("exports");
    Path file = exports.resolve(name);
    return request(
            vertx,
            Addresses.Books.LIST,
            new JsonObject().put(BookMessages.LIMIT, 0).put(BookMessages.SORT, BookMessages.ID))
        .compose(
            reply -> {
              JsonArray books = reply.getJsonArray(BookMessages.BOOKS);
              String content = "csv".equals(format) ? BookCsv.of(books) : books.encodePrettily();
              return vertx
                  .fileSystem()
                  .mkdirs(exports.toString())
                  .compose(
                      v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(content)))
                  .map(
                      v ->
                          new JobHandler.Outcome(
                              new JsonObject()
                                  .put("books", books.size())
                                  .put("format", format)
                                  .put("path", file.toString()),
                              new JsonObject()
                                  .put(JobMessages.FILE_NAME, name)
                                  .put(
                                      JobMessages.FILE_CONTENT_TYPE,
                                      "csv".equals(format)
                                          ? "text/csv; charset=utf-8"
                                          : "application/json; charset=utf-8")
                                  .put(JobMessages.FILE_CONTENT, content)));
            });
  }

  private static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(Message::body);
  }

  /** RFC 4180 CSV of the books, one column per book field. */
  static final class BookCsv {
    private BookCsv() {}

    static String of(JsonArray books) {
      StringBuilder csv = new StringBuilder(String.join(",", BookMessages.FIELDS)).append("\r\n");
      for (Object entry : books) {
        JsonObject book = (JsonObject) entry;
        csv.append(
                BookMessages.FIELDS.stream()
                    .map(field -> cell(book.getValue(field)))
                    .collect(Collectors.joining(",")))
            .append("\r\n");
      }
      return csv.toString();
    }

    private static String cell(Object value) {
      if (value == null) {
        return "";
      }
      String text = value.toString();
      boolean quote =
          text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
      return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
  }
}
