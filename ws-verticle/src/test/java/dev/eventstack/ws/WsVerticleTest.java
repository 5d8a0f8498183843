package dev.eventstack.ws;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WsVerticleTest {

  @Test
  void consumesTaskEventsAndReportsThemInItsStatus(Vertx vertx) throws Exception {
    vertx.deployVerticle(new WsVerticle()).await(10, SECONDS);

    vertx
        .eventBus()
        .publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed("deleted", "a", null));
    vertx
        .eventBus()
        .publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed("deleted", "b", null));

    // Bus delivery is ordered per sender, so the status request is answered after both events.
    JsonObject status =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.Status.WS, new JsonObject())
            .await(5, SECONDS)
            .body();
    assertEquals(2L, status.getLong("eventsRelayed"));
  }
}
