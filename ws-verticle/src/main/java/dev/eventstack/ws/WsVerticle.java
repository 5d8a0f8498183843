package dev.eventstack.ws;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.SocketMessages;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Counter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket notification, fed by event-bus publishes. The http-verticle hands each accepted socket
 * to one local instance; every instance subscribes to the domain events, so an event published on
 * any node reaches every socket on every node.
 */
public final class WsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WsVerticle.class);

  /** Node-wide count of open sockets, shared by the instances of this node. */
  static final String OPEN_SOCKETS_COUNTER = "eventstack.ws.open-sockets";

  private final SocketRegistry sockets = new SocketRegistry();
  private long eventsRelayed;

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    return Future.all(
            List.of(
                bus.localConsumer(Addresses.Sockets.OPENED, this::onOpened).completion(),
                bus.localConsumer(Addresses.Sockets.CLOSED, this::onClosed).completion(),
                bus.consumer(Addresses.Events.TASK_CHANGED, this::onTaskChanged).completion(),
                bus.consumer(Addresses.Events.BEER_ADDED, this::onBeerAdded).completion(),
                bus.consumer(Addresses.Events.BEER_DELETED, this::onBeerDeleted).completion(),
                bus.consumer(Addresses.Events.BEER_STATS, this::onBeerStats).completion(),
                bus.consumer(Addresses.Events.JOB_CHANGED, this::onJobChanged).completion(),
                bus.consumer(Addresses.Events.BOOK_CHANGED, this::onBookChanged).completion(),
                bus.consumer(Addresses.Status.WS, this::status).completion()))
        .onSuccess(v -> LOG.info("ws-verticle started"));
  }

  private void onOpened(Message<JsonObject> message) {
    JsonObject body = message.body();
    SocketRegistry.Socket socket =
        new SocketRegistry.Socket(
            body.getString(SocketMessages.WRITE_ADDRESS),
            body.getString(SocketMessages.SOCKET),
            body.getString(SocketMessages.FORMAT),
            body.getString(SocketMessages.REMOTE));
    String channel = body.getString(SocketMessages.CHANNEL);
    sockets.add(channel, socket);
    message.reply(new JsonObject().put("ok", true));
    openSockets()
        .compose(Counter::incrementAndGet)
        .onSuccess(
            open ->
                LOG.info(
                    "socket connected channel={} format={} remote={} open={}",
                    channel,
                    socket.format(),
                    socket.remote(),
                    open));
  }

  private void onClosed(Message<JsonObject> message) {
    SocketRegistry.Socket socket =
        sockets.remove(
            message.body().getString(SocketMessages.WRITE_ADDRESS),
            message.body().getString(SocketMessages.SOCKET));
    if (socket != null) {
      openSockets()
          .compose(Counter::decrementAndGet)
          .onSuccess(
              open -> LOG.info("socket disconnected remote={} open={}", socket.remote(), open));
    }
  }

  private Future<Counter> openSockets() {
    return vertx.sharedData().getLocalCounter(OPEN_SOCKETS_COUNTER);
  }

  private void onTaskChanged(Message<JsonObject> event) {
    JsonObject change = event.body();
    String id = change.getString(TaskMessages.ID);
    String kind = change.getString(TaskMessages.CHANGE);
    String text = "Task " + id + " " + kind;
    JsonObject json = new JsonObject().put("event", "task." + kind).put("id", id);
    if (change.containsKey(TaskMessages.TASK)) {
      json.put("task", change.getJsonObject(TaskMessages.TASK));
    }
    relay(SocketMessages.CHANNEL_TASKS, text, json.encode());
  }

  private void onBeerAdded(Message<JsonObject> event) {
    JsonObject beer = event.body().getJsonObject(BeerMessages.BEER);
    relay(SocketMessages.CHANNEL_BEERS, BeerNotices.addedText(beer), BeerNotices.addedJson(beer));
  }

  private void onBeerDeleted(Message<JsonObject> event) {
    long id = event.body().getLong(BeerMessages.ID);
    relay(SocketMessages.CHANNEL_BEERS, BeerNotices.deletedText(id), BeerNotices.deletedJson(id));
  }

  private void onBeerStats(Message<JsonObject> event) {
    relay(
        SocketMessages.CHANNEL_BEERS,
        BeerNotices.statsText(event.body()),
        BeerNotices.statsJson(event.body()));
  }

  private void onBookChanged(Message<JsonObject> event) {
    JsonObject change = event.body();
    String text =
        "Book " + change.getString(BookMessages.ID) + " " + change.getString(BookMessages.CHANGE);
    String json = change.copy().put("event", "book.changed").encode();
    relay(SocketMessages.CHANNEL_BOOKS, text, json);
  }

  private void onJobChanged(Message<JsonObject> event) {
    JsonObject job = event.body().getJsonObject(JobMessages.JOB);
    String text =
        "Job "
            + job.getString(JobMessages.ID)
            + " ("
            + job.getString(JobMessages.TYPE)
            + ") "
            + job.getString(JobMessages.STATUS)
            + ", attempt "
            + job.getInteger(JobMessages.ATTEMPTS)
            + "/"
            + job.getInteger(JobMessages.MAX_ATTEMPTS);
    String json = new JsonObject().put("event", "job.changed").put(JobMessages.JOB, job).encode();
    relay(SocketMessages.CHANNEL_JOBS, text, json);
  }

  /**
   * Sends one event to every socket of {@code channel} that this instance holds: one delivery per
   * outbox and format, listing its sockets. With 10,000 sockets a message per socket cost more than
   * the writes themselves (docs/benchmarks.md).
   */
  private void relay(String channel, String text, String json) {
    eventsRelayed++;
    Map<String, JsonArray> textTo = new HashMap<>();
    Map<String, JsonArray> jsonTo = new HashMap<>();
    for (SocketRegistry.Socket socket : sockets.on(channel)) {
      Map<String, JsonArray> to =
          SocketMessages.FORMAT_JSON.equals(socket.format()) ? jsonTo : textTo;
      to.computeIfAbsent(socket.writeAddress(), outbox -> new JsonArray()).add(socket.id());
    }
    textTo.forEach(
        (outbox, ids) -> vertx.eventBus().send(outbox, SocketMessages.delivery(text, ids)));
    jsonTo.forEach(
        (outbox, ids) -> vertx.eventBus().send(outbox, SocketMessages.delivery(json, ids)));
  }

  private void status(Message<JsonObject> message) {
    openSockets()
        .compose(Counter::get)
        .onSuccess(
            open ->
                message.reply(
                    new JsonObject()
                        .put("ok", true)
                        .put("openSockets", open)
                        .put("eventsRelayed", eventsRelayed)));
  }
}
