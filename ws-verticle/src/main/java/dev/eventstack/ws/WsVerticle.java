package dev.eventstack.ws;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.SocketEvents;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into WebSocket frames: for each event, the frames of each format are built
 * once ({@link SocketEvents}) and each is published once on the local bus to {@link
 * Addresses.Sockets#frames}. The http-verticle instances that hold sockets of that channel and
 * format take it from there. This verticle knows no socket.
 *
 * <p>One instance per node: every instance would get every event, and each frame would go out
 * twice. A second instance on the same node refuses to start.
 */
public final class WsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WsVerticle.class);

  /** Local map and key by which the one instance of a node is known. */
  static final String SINGLETON_MAP = "eventstack.ws";

  static final String SINGLETON_KEY = "deployment";

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private long eventsRelayed;
  private boolean owner;

  @Override
  public Future<?> start() {
    LocalMap<String, String> singleton = vertx.sharedData().getLocalMap(SINGLETON_MAP);
    String running = singleton.putIfAbsent(SINGLETON_KEY, context.deploymentID());
    if (running != null) {
      return Future.failedFuture(
          "one ws-verticle per node: deployment " + running + " already relays the events here");
    }
    owner = true;
    EventBus bus = vertx.eventBus();
    return Future.all(
            List.of(
                relay(bus, Addresses.Events.TASK_CHANGED, SocketEvents::taskChanged),
                relay(bus, Addresses.Events.BEER_ADDED, SocketEvents::beerAdded),
                relay(bus, Addresses.Events.BEER_DELETED, SocketEvents::beerDeleted),
                relay(bus, Addresses.Events.BEER_STATS, SocketEvents::beerStats),
                relay(bus, Addresses.Events.JOB_CHANGED, SocketEvents::jobChanged),
                relay(bus, Addresses.Events.BOOK_CHANGED, SocketEvents::bookChanged),
                bus.consumer(Addresses.Status.WS, this::status).completion()))
        .onSuccess(v -> LOG.info("ws-verticle started"));
  }

  @Override
  public Future<?> stop() {
    if (owner) {
      vertx.sharedData().getLocalMap(SINGLETON_MAP).remove(SINGLETON_KEY);
    }
    return Future.succeededFuture();
  }

  /** Subscribes to one domain event (from any node of the cluster) and relays its frames. */
  private Future<Void> relay(
      EventBus bus, String address, Function<JsonObject, SocketEvents.Frames> frames) {
    return bus.<JsonObject>consumer(address, event -> publish(frames.apply(event.body())))
        .completion();
  }

  /**
   * One local publish per frame and format: each http-verticle instance gets each frame once. A
   * beer's frames carry its tap, so the sockets of that tap can skip them.
   */
  private void publish(SocketEvents.Frames frames) {
    eventsRelayed++;
    EventBus bus = vertx.eventBus();
    DeliveryOptions options =
        frames.tapId() == null
            ? LOCAL
            : new DeliveryOptions(LOCAL).addHeader(Addresses.Sockets.TAP_ID_HEADER, frames.tapId());
    for (String format : SocketMessages.FORMATS) {
      String address = Addresses.Sockets.frames(frames.channel(), format);
      for (String frame : frames.in(format)) {
        bus.publish(address, frame, options);
      }
    }
  }

  private void status(Message<JsonObject> message) {
    message.reply(new JsonObject().put("ok", true).put("eventsRelayed", eventsRelayed));
  }
}
