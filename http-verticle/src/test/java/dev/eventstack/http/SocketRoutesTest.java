package dev.eventstack.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The http-verticle's WebSockets over real sockets, with the test standing in for the ws-verticle:
 * it publishes ready frames on {@link Addresses.Sockets#frames} and answers its status probe.
 */
@ExtendWith(VertxExtension.class)
class SocketRoutesTest {

  private Vertx vertx;
  private int port;
  private WebSocketClient client;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    port = HttpVerticleTest.freePort();
    JsonObject config =
        new JsonObject()
            .put("port", port)
            .put("busTimeoutMs", 500)
            .put("socketWriteQueueBytes", 64 * 1024);
    vertx
        .deployVerticle(HttpVerticle::new, new DeploymentOptions().setConfig(config))
        .await(10, SECONDS);
    client = vertx.createWebSocketClient();
  }

  private void standInForTheWsVerticle() throws Exception {
    vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.Status.WS, m -> m.reply(new JsonObject().put("ok", true)))
        .completion()
        .await(5, SECONDS);
  }

  /** A client and what it received, in order. */
  private record Client(WebSocket socket, BlockingQueue<String> frames) {

    String next() throws InterruptedException {
      String frame = frames.poll(10, SECONDS);
      assertTrue(frame != null, "no frame within 10 s");
      return frame;
    }
  }

  private Client connect(String path) throws Exception {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket socket = client.connect(port, "127.0.0.1", path).await(10, SECONDS);
    socket.textMessageHandler(frames::add);
    return new Client(socket, frames);
  }

  private void publish(String channel, String format, String frame) {
    vertx.eventBus().publish(Addresses.Sockets.frames(channel, format), frame);
  }

  /**
   * Publishes a marker until every client has it: from then on, each one gets every frame. Then a
   * last marker, read up to by each client, leaves nothing stale in their queues.
   */
  private void awaitFed(String channel, String format, Client... clients) throws Exception {
    for (Client client : clients) {
      String got = null;
      for (int i = 0; i < 100 && got == null; i++) {
        publish(channel, format, "ready");
        got = client.frames().poll(100, TimeUnit.MILLISECONDS);
      }
      assertEquals("ready", got, "the socket is fed");
    }
    publish(channel, format, "synced");
    for (Client client : clients) {
      while (!"synced".equals(client.next())) {
        // a marker sent before the last
      }
    }
  }

  private int openSockets() throws Exception {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.Status.SOCKETS, new JsonObject())
        .await(5, SECONDS)
        .body()
        .getInteger("openSockets");
  }

  @Test
  void eachSocketGetsTheFramesOfItsChannelAndFormatInOrder() throws Exception {
    standInForTheWsVerticle();
    Client text1 = connect("/sockets/beers");
    Client text2 = connect("/sockets/beers?format=text");
    Client json = connect("/sockets/beers?format=json");
    Client tasks = connect("/sockets/tasks");
    awaitFed(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT, text1, text2);
    awaitFed(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_JSON, json);
    awaitFed(SocketMessages.CHANNEL_TASKS, SocketMessages.FORMAT_TEXT, tasks);

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add("beer " + i);
      publish(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT, "beer " + i);
      publish(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_JSON, "{\"n\":" + i + "}");
    }
    publish(SocketMessages.CHANNEL_TASKS, SocketMessages.FORMAT_TEXT, "task");

    for (Client client : List.of(text1, text2)) {
      List<String> received = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        received.add(client.next());
      }
      assertEquals(sent, received, "every frame once, in the order published");
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(i, new JsonObject(json.next()).getInteger("n"));
    }
    assertEquals("task", tasks.next(), "the tasks socket gets the tasks frame only");
    assertEquals(0, tasks.frames().size());
    assertEquals(4, openSockets());
  }

  private void publishFromTap(String format, String frame, String tapId) {
    vertx
        .eventBus()
        .publish(
            Addresses.Sockets.frames(SocketMessages.CHANNEL_BEERS, format),
            frame,
            new DeliveryOptions().addHeader(Addresses.Sockets.TAP_ID_HEADER, tapId));
  }

  /** Seed 003's wish: a tap is not told of its own beers; every other socket is. */
  @Test
  void aTapGetsNoEchoOfItsOwnBeersAndTheOthersGetEverything() throws Exception {
    standInForTheWsVerticle();
    Client tap3 = connect("/sockets/beers?tapId=3");
    Client tap3Json = connect("/sockets/beers?format=json&tapId=3");
    Client tap30 = connect("/sockets/beers?tapId=30");
    Client anyone = connect("/sockets/beers");
    awaitFed(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT, tap3, tap30, anyone);
    awaitFed(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_JSON, tap3Json);

    publishFromTap(SocketMessages.FORMAT_TEXT, "from tap 3", "3");
    publishFromTap(SocketMessages.FORMAT_JSON, "{\"tap\":3}", "3");
    publishFromTap(SocketMessages.FORMAT_TEXT, "from tap 30", "30");
    publishFromTap(SocketMessages.FORMAT_JSON, "{\"tap\":30}", "30");
    publish(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT, "for everyone");
    publish(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_JSON, "{\"all\":true}");

    assertEquals(List.of("from tap 30", "for everyone"), List.of(tap3.next(), tap3.next()));
    assertEquals(
        List.of("{\"tap\":30}", "{\"all\":true}"), List.of(tap3Json.next(), tap3Json.next()));
    assertEquals(List.of("from tap 3", "for everyone"), List.of(tap30.next(), tap30.next()));
    assertEquals(
        List.of("from tap 3", "from tap 30", "for everyone"),
        List.of(anyone.next(), anyone.next(), anyone.next()));
    for (Client client : List.of(tap3, tap3Json, tap30, anyone)) {
      assertNull(client.frames().poll(100, TimeUnit.MILLISECONDS), "nothing more");
    }
  }

  @Test
  void aTapIdThatIsNoTapIdIsRefusedBeforeTheUpgrade() throws Exception {
    standInForTheWsVerticle();
    for (String bad : List.of("-1", "three", "1.5", "3&tapId=4")) {
      Throwable refused =
          client
              .connect(port, "127.0.0.1", "/sockets/beers?tapId=" + bad)
              .transform(done -> Future.succeededFuture(done.cause()))
              .await(10, SECONDS);
      UpgradeRejectedException rejected =
          assertInstanceOf(UpgradeRejectedException.class, refused, bad);
      assertEquals(400, rejected.getStatus(), bad);
      assertTrue(rejected.getBody().toString().contains("tapId"), rejected.getBody().toString());
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedWith1008AndTheOthersGetEveryFrame() throws Exception {
    standInForTheWsVerticle();
    Client stalled = connect("/sockets/beers");
    Client reader = connect("/sockets/beers");
    awaitFed(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT, stalled, reader);
    Promise<Short> closed = Promise.promise();
    stalled.socket().closeHandler(v -> closed.tryComplete(stalled.socket().closeStatusCode()));
    stalled.socket().pause();

    String padding = "x".repeat(1_000);
    int flood = 5_000;
    for (int i = 0; i < flood; i++) {
      publish(SocketMessages.CHANNEL_BEERS, SocketMessages.FORMAT_TEXT, i + " " + padding);
    }
    for (int i = 0; i < flood; i++) {
      assertEquals(i + " " + padding, reader.next());
    }
    // Once it reads again, the client finds the server's close frame behind what was sent, and
    // the node's count follows.
    stalled.socket().resume();
    assertEquals((short) 1008, closed.future().await(20, SECONDS));
    for (int i = 0; i < 50 && openSockets() > 1; i++) {
      Thread.sleep(100);
    }
    assertEquals(1, openSockets());
  }

  @Test
  void aQuietSocketOutlivesTheIdleTimeoutBecauseTheServerPingsIt() throws Exception {
    standInForTheWsVerticle();
    int quietPort = HttpVerticleTest.freePort();
    JsonObject config =
        new JsonObject()
            .put("port", quietPort)
            .put("busTimeoutMs", 500)
            .put("limits", new JsonObject().put("idleTimeoutSeconds", 1));
    vertx
        .deployVerticle(HttpVerticle::new, new DeploymentOptions().setConfig(config))
        .await(10, SECONDS);
    WebSocket socket = client.connect(quietPort, "127.0.0.1", "/sockets/tasks").await(10, SECONDS);
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    socket.textMessageHandler(frames::add);
    Promise<Void> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete());

    // Three idle timeouts without a frame: without the pings the server closes it after one.
    Thread.sleep(3_000);
    assertFalse(closed.future().isComplete(), "the quiet socket was closed");
    String frame = null;
    for (int i = 0; i < 50 && frame == null; i++) {
      publish(SocketMessages.CHANNEL_TASKS, SocketMessages.FORMAT_TEXT, "still here");
      frame = frames.poll(100, TimeUnit.MILLISECONDS);
    }
    assertEquals("still here", frame);
  }

  @Test
  void framesAreNotCompressedPerSocketEvenWhenTheClientAsks() throws Exception {
    standInForTheWsVerticle();
    WebSocketClient asking =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setTryUsePerMessageCompression(true));
    WebSocket socket = asking.connect(port, "127.0.0.1", "/sockets/beers").await(10, SECONDS);
    assertNull(socket.headers().get("Sec-WebSocket-Extensions"), "no permessage-deflate");
    socket.close().await(5, SECONDS);
  }

  @Test
  void aNodeWithoutAWsVerticleClosesTheSocketWith1013() throws Exception {
    // The server closes at once, so the close handler goes on as the connection completes; if
    // the close was quicker still, the socket already knows its status code.
    Promise<Short> closed = Promise.promise();
    client
        .connect(port, "127.0.0.1", "/sockets/tasks")
        .onSuccess(
            socket -> {
              try {
                socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
              } catch (IllegalStateException alreadyClosed) {
                closed.tryComplete(socket.closeStatusCode());
              }
            })
        .onFailure(closed::tryFail);
    assertEquals((short) 1013, closed.future().await(10, SECONDS));
    for (int i = 0; i < 50 && openSockets() > 0; i++) {
      Thread.sleep(100);
    }
    assertEquals(0, openSockets(), "the refused socket is not counted");
  }
}
