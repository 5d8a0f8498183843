package dev.eventstack.ws;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.SocketMessages;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ws-verticle alone: test consumers stand in for the http-verticle instances on the frame
 * addresses, and the tests publish the domain events the db-verticle would.
 */
@ExtendWith(VertxExtension.class)
class WsVerticleTest {

  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    vertx.deployVerticle(new WsVerticle()).await(10, SECONDS);
  }

  /** What arrives on one channel's frame address in one format. */
  private BlockingQueue<String> frames(String channel, String format) throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    MessageConsumer<String> consumer =
        vertx
            .eventBus()
            .localConsumer(Addresses.Sockets.frames(channel, format), m -> received.add(m.body()));
    consumer.completion().await(5, SECONDS);
    return received;
  }

  private void publish(String address, JsonObject body) {
    vertx.eventBus().publish(address, body);
  }

  private static String next(BlockingQueue<String> frames) throws InterruptedException {
    String frame = frames.poll(5, SECONDS);
    assertTrue(frame != null, "no frame within 5 s");
    return frame;
  }

  @Test
  void aBeerGoesOutOnceInEachFormatWithTheContractsTextsAndItsTap() throws Exception {
    BlockingQueue<String> text = frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT);
    BlockingQueue<String> json = frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_JSON);
    BlockingQueue<String> taps = new LinkedBlockingQueue<>();
    vertx
        .eventBus()
        .<String>localConsumer(
            Addresses.Sockets.frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT),
            m -> taps.add(String.valueOf(m.headers().get(Addresses.Sockets.TAP_ID_HEADER))))
        .completion()
        .await(5, SECONDS);
    JsonObject beer =
        new JsonObject()
            .put("id", 7)
            .put("tapId", 3)
            .put("volume", 500.0)
            .put("type", "pint")
            .put("timestamp", "2025-01-01T00:00:00Z");

    publish(Addresses.Events.BEER_ADDED, new JsonObject().put(BeerMessages.BEER, beer));
    publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(7));

    assertEquals("Beer 7 added to the collection", next(text));
    assertEquals("Tap with id 3 posted a new beer!", next(text));
    assertEquals("Beer 7 deleted from the collection", next(text));
    assertEquals(
        new JsonObject().put("event", "beer.added").put("beer", beer), new JsonObject(next(json)));
    assertEquals(
        new JsonObject().put("event", "beer.deleted").put("id", 7), new JsonObject(next(json)));
    // The added beer's frames name its tap; a deletion's name none.
    assertEquals(List.of("3", "3", "null"), List.of(next(taps), next(taps), next(taps)));
    // One frame per event and format (two texts for an added beer), however many sockets wait.
    assertNull(text.poll(200, MILLISECONDS));
    assertNull(json.poll(0, SECONDS));
  }

  @Test
  void theStatisticsGoOutInBothFormats() throws Exception {
    BlockingQueue<String> text = frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT);
    BlockingQueue<String> json = frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_JSON);
    JsonObject stats =
        new JsonObject()
            .put("total", 4)
            .put("taps", new JsonObject().put("2", 75.0).put("1", 25.0))
            .put("types", new JsonObject().put("half", 1).put("pint", 3).put("stein", 0));

    publish(Addresses.Events.BEER_STATS, stats);

    assertEquals("{\"tap 2\": \"75.0%\", \"tap 1\": \"25.0%\", \"total beers\": 4}", next(text));
    assertEquals(stats.copy().put("event", "stats"), new JsonObject(next(json)));
  }

  @Test
  void tasksBooksAndJobsGoToTheirOwnChannels() throws Exception {
    BlockingQueue<String> tasks = frames(SocketMessages.CHANNEL_TASKS, SocketMessages.FORMAT_TEXT);
    BlockingQueue<String> tasksJson =
        frames(SocketMessages.CHANNEL_TASKS, SocketMessages.FORMAT_JSON);
    BlockingQueue<String> books = frames(SocketMessages.CHANNEL_BOOKS, SocketMessages.FORMAT_TEXT);
    BlockingQueue<String> booksJson =
        frames(SocketMessages.CHANNEL_BOOKS, SocketMessages.FORMAT_JSON);
    BlockingQueue<String> jobs = frames(SocketMessages.CHANNEL_JOBS, SocketMessages.FORMAT_TEXT);
    BlockingQueue<String> jobsJson =
        frames(SocketMessages.CHANNEL_JOBS, SocketMessages.FORMAT_JSON);
    BlockingQueue<String> beers = frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT);
    JsonObject task = new JsonObject().put("title", "T");
    JsonObject book = new JsonObject().put("id", "b1").put("title", "B");
    JsonObject job =
        new JsonObject()
            .put("id", "j1")
            .put("type", "export.books")
            .put("status", "running")
            .put("attempts", 1)
            .put("max_attempts", 3);

    publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed("created", "t1", task));
    publish(Addresses.Events.BOOK_CHANGED, BookMessages.changed("created", "b1", book));
    publish(Addresses.Events.JOB_CHANGED, new JsonObject().put(JobMessages.JOB, job));

    assertEquals("Task t1 created", next(tasks));
    assertEquals(
        new JsonObject().put("event", "task.created").put("id", "t1").put("task", task),
        new JsonObject(next(tasksJson)));
    assertEquals("Book b1 created", next(books));
    assertEquals(
        BookMessages.changed("created", "b1", book).put("event", "book.changed"),
        new JsonObject(next(booksJson)));
    assertEquals("Job j1 (export.books) running, attempt 1/3", next(jobs));
    assertEquals(
        new JsonObject().put("event", "job.changed").put("job", job),
        new JsonObject(next(jobsJson)));
    assertNull(beers.poll(200, MILLISECONDS), "nothing on beers");
  }

  @Test
  void framesLeaveInTheOrderTheEventsWerePublished() throws Exception {
    BlockingQueue<String> text = frames(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT);
    int events = 500;
    List<String> expected = new ArrayList<>();
    for (int id = 0; id < events; id++) {
      if (id % 7 == 3) {
        publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id));
        expected.add("Beer " + id + " deleted from the collection");
      } else {
        JsonObject beer = new JsonObject().put("id", id).put("tapId", id % 5);
        publish(Addresses.Events.BEER_ADDED, new JsonObject().put(BeerMessages.BEER, beer));
        expected.add("Beer " + id + " added to the collection");
        expected.add("Tap with id " + (id % 5) + " posted a new beer!");
      }
    }
    List<String> received = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      received.add(next(text));
    }
    assertEquals(expected, received);
  }

  @Test
  void countsTheEventsItRelayedInItsStatus() throws Exception {
    publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed("deleted", "a", null));
    publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed("deleted", "b", null));

    // Bus delivery is ordered per sender, so the status request is answered after both events.
    JsonObject status =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.Status.WS, new JsonObject())
            .await(5, SECONDS)
            .body();
    assertEquals(2L, status.getLong("eventsRelayed"));
  }

  @Test
  void aSecondInstanceOnTheSameNodeRefusesToStart() throws Exception {
    Throwable refused =
        vertx
            .deployVerticle(new WsVerticle())
            .transform(done -> Future.succeededFuture(done.succeeded() ? null : done.cause()))
            .await(10, SECONDS);
    assertTrue(
        refused != null && refused.getMessage().contains("one ws-verticle per node"),
        String.valueOf(refused));
  }
}
