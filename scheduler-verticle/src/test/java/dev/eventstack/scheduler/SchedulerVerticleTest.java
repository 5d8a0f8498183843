package dev.eventstack.scheduler;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SchedulerVerticleTest {

  private static JsonObject lastBeat(Vertx vertx) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.Status.SCHEDULER, new JsonObject())
        .await(5, SECONDS)
        .body()
        .getJsonObject("lastHeartbeat");
  }

  private static JsonObject awaitBeat(Vertx vertx) throws Exception {
    for (int i = 0; i < 50; i++) {
      JsonObject beat = lastBeat(vertx);
      if (beat.containsKey("database")) {
        return beat;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no heartbeat within 2.5 s");
  }

  @Test
  void heartbeatReportsTheDatabaseUpWhenItsProbeAnswers(Vertx vertx) throws Exception {
    vertx.eventBus().consumer(Addresses.Status.DB, m -> m.reply(new JsonObject().put("ok", true)))
        .completion().await(5, SECONDS);
    vertx.deployVerticle(SchedulerVerticle::new,
        new DeploymentOptions().setConfig(new JsonObject().put("heartbeatMs", 50)))
        .await(10, SECONDS);

    assertEquals("up", awaitBeat(vertx).getString("database"));
  }

  @Test
  void heartbeatReportsTheDatabaseDownWhenItsProbeFails(Vertx vertx) throws Exception {
    vertx.eventBus().consumer(Addresses.Status.DB, m -> BusError.UNAVAILABLE.fail(m, "down"))
        .completion().await(5, SECONDS);
    vertx.deployVerticle(SchedulerVerticle::new,
        new DeploymentOptions().setConfig(new JsonObject().put("heartbeatMs", 50)))
        .await(10, SECONDS);

    assertEquals("down", awaitBeat(vertx).getString("database"));
  }
}
