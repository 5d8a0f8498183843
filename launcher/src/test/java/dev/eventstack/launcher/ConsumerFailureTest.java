package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A bug in a db-verticle consumer, seen from outside: the client gets a 500 JSON error at once,
 * naming its request id, and the node logs the stack under that id; not a 504 after the bus timeout
 * (5 s). The bug is made on purpose: the bus loses the page of {@code beers.list} on its way to the
 * db-verticle, whose consumer then throws unboxing it.
 */
class ConsumerFailureTest extends OneNodeTest {

  private static final long BUS_TIMEOUT_MS = 5_000;

  @Test
  void aConsumerThatThrowsGivesA500JsonErrorAtOnceWithTheRequestId() {
    Handler<DeliveryContext<Object>> losePage =
        delivery -> {
          if (Addresses.Beers.LIST.equals(delivery.message().address())
              && delivery.message().body() instanceof JsonObject body) {
            body.remove(BeerMessages.PAGE);
          }
          delivery.next();
        };
    stack.vertx().eventBus().addInboundInterceptor(losePage);
    try (LogRecorder log = new LogRecorder("dev.eventstack.contract.RequestConsumers")) {
      long started = System.nanoTime();
      HttpResponse<String> response = http.get("/api/beers?page=1&page_size=5");
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      assertEquals(500, response.statusCode(), response.body());
      assertTrue(tookMs < BUS_TIMEOUT_MS / 2, "answered after " + tookMs + " ms");
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
      JsonObject error = new JsonObject(response.body());
      assertEquals(500, error.getInteger("code"));
      assertEquals("/api/beers?page=1&page_size=5", error.getString("uri"));
      assertTrue(
          error.getString("message").contains("(req_id " + requestId + ")"),
          error.getString("message"));
      assertFalse(response.body().contains("Exception"), "no stack trace: " + response.body());
      assertEquals(
          1,
          log.countWithStack("req_id=" + requestId + " address=" + Addresses.Beers.LIST),
          "the db-verticle logs the failure with its stack under the request id");
    } finally {
      stack.vertx().eventBus().removeInboundInterceptor(losePage);
    }

    assertEquals(200, http.get("/api/beers?page=1&page_size=5").statusCode(), "only that request");
  }
}
