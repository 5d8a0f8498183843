package dev.eventstack.contract;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A consumer served by {@link RequestConsumers} answers every request at once, whatever its handler
 * does: well before the 5 s a caller waits, which is what the http-verticle would turn into a 504.
 */
@ExtendWith(VertxExtension.class)
class RequestConsumersTest {

  private static final String ADDRESS = "test.requests";
  private static final long CALLER_TIMEOUT_MS = 5_000;

  /** Far below the caller's timeout: an answer, not a timeout. */
  private static final long AT_ONCE_MS = 1_000;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestConsumers.class);
  private Vertx vertx;
  private RequestConsumers requests;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    requests =
        new RequestConsumers(
            vertx.eventBus(),
            failure ->
                failure instanceof IllegalStateException
                    ? BusError.UNAVAILABLE.refusal("Store away")
                    : null);
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void detachLog() {
    logger.detachAppender(log);
  }

  private void serve(String address, RequestConsumers.Handler handler) throws Exception {
    requests.serve(address, handler).completion().await(5, SECONDS);
  }

  /** Sends {@code body} with request id "req-7" and returns the failure it got, timing it. */
  private ReplyException refusal(String address, Object body) {
    DeliveryOptions options =
        new DeliveryOptions()
            .setSendTimeout(CALLER_TIMEOUT_MS)
            .addHeader(BusHeaders.REQUEST_ID, "req-7");
    long started = System.nanoTime();
    ReplyException refused =
        assertThrows(
            ReplyException.class,
            () -> vertx.eventBus().request(address, body, options).await(10, SECONDS));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, refused.failureType(), refused.toString());
    assertTrue(tookMs < AT_ONCE_MS, "answered after " + tookMs + " ms");
    return refused;
  }

  private List<ILoggingEvent> logged(Level level) {
    return List.copyOf(log.list).stream().filter(event -> event.getLevel() == level).toList();
  }

  private void assertBugAnswered(ReplyException refused, String address, Class<?> thrown) {
    assertEquals(500, refused.failureCode());
    assertEquals("Internal error at " + address + " (req_id req-7)", refused.getMessage());
    List<ILoggingEvent> errors = logged(Level.ERROR);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).getFormattedMessage().contains("req_id=req-7 address=" + address),
        errors.get(0).getFormattedMessage());
    assertEquals(thrown.getName(), errors.get(0).getThrowableProxy().getClassName());
  }

  private void assertBugAnswered(ReplyException refused, Class<?> thrown) {
    assertBugAnswered(refused, ADDRESS, thrown);
  }

  /** beers.list's old bug: a missing page unboxed to a NullPointerException before any reply. */
  private static JsonObject pageOf(JsonObject body) {
    int page = body.getInteger("page");
    return new JsonObject().put("page", page);
  }

  @Test
  void aHandlerThatThrowsIsAnswered500AtOnceAndLoggedWithItsStack() throws Exception {
    serve(ADDRESS, request -> Future.succeededFuture(pageOf(request.body())));
    assertBugAnswered(refusal(ADDRESS, new JsonObject()), NullPointerException.class);
  }

  @Test
  void aHandlerWhoseFutureFailsIsAnswered500AtOnce() throws Exception {
    Promise<JsonObject> later = Promise.promise();
    serve(
        ADDRESS,
        request -> {
          vertx.setTimer(10, t -> later.fail(new ArithmeticException("/ by zero")));
          return later.future();
        });
    assertBugAnswered(refusal(ADDRESS, new JsonObject()), ArithmeticException.class);
  }

  @Test
  void aThrowInsideAStepOfTheFutureIsAnswered500AtOnce() throws Exception {
    serve(
        ADDRESS,
        request ->
            vertx.timer(10).map(t -> new JsonObject().put("n", Integer.parseInt("not a number"))));
    assertBugAnswered(refusal(ADDRESS, new JsonObject()), NumberFormatException.class);
  }

  @Test
  void aHandlerThatReturnsNoFutureIsAnsweredToo() throws Exception {
    serve(ADDRESS, request -> null);
    assertBugAnswered(refusal(ADDRESS, new JsonObject()), NullPointerException.class);
  }

  @Test
  void aRefusalKeepsItsCodeAndTextAndIsNoError() throws Exception {
    serve(ADDRESS, request -> BusError.NOT_FOUND.refuse("Thing 3 not found"));
    ReplyException refused = refusal(ADDRESS, new JsonObject());
    assertEquals(404, refused.failureCode());
    assertEquals("Thing 3 not found", refused.getMessage());
    assertTrue(logged(Level.ERROR).isEmpty());
  }

  @Test
  void aFailureTheServiceKnowsGetsItsAnswerAndAWarning() throws Exception {
    serve(ADDRESS, request -> Future.failedFuture(new IllegalStateException("socket closed")));
    ReplyException refused = refusal(ADDRESS, new JsonObject());
    assertEquals(503, refused.failureCode());
    assertEquals("Store away", refused.getMessage());
    assertTrue(logged(Level.ERROR).isEmpty());
    assertTrue(
        logged(Level.WARN).get(0).getFormattedMessage().contains("cause=\"socket closed\""),
        log.list.toString());
  }

  @Test
  void aSucceededFutureIsTheReply() throws Exception {
    serve(ADDRESS, request -> Future.succeededFuture(request.body().copy().put("seen", true)));
    JsonObject reply =
        vertx
            .eventBus()
            .<JsonObject>request(ADDRESS, new JsonObject().put("n", 1))
            .await(5, SECONDS)
            .body();
    assertEquals(new JsonObject().put("n", 1).put("seen", true), reply);
  }

  @Test
  void onABridgedAddressAMalformedBodyIsTheCallersMistake() throws Exception {
    String bridged = Addresses.Beers.ADD;
    serve(bridged, request -> Future.succeededFuture(pageOf(request.body())));

    ReplyException notAnObject = refusal(bridged, "a string");
    assertEquals(400, notAnObject.failureCode());
    assertEquals("The body must be a JSON object", notAnObject.getMessage());

    ReplyException thrown = refusal(bridged, new JsonObject());
    assertEquals(400, thrown.failureCode());
    assertEquals("Malformed body for beers.add: NullPointerException", thrown.getMessage());
    assertTrue(logged(Level.ERROR).isEmpty());
    assertFalse(log.list.isEmpty(), "the refusals are logged at DEBUG");
  }

  @Test
  void aBugThatFailsLaterOnABridgedAddressIsStillA500() throws Exception {
    String bridged = Addresses.Jobs.FINISH;
    serve(bridged, request -> vertx.timer(10).map(t -> pageOf(request.body())));
    // Only a throw while the handler reads the body is the caller's mistake.
    assertBugAnswered(refusal(bridged, new JsonObject()), bridged, NullPointerException.class);
  }
}
