package dev.eventstack.scheduler;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SchedulerVerticleTest {

  private static DeploymentOptions jobs(JsonObject jobs, int instances) {
    return new DeploymentOptions()
        .setInstances(instances)
        .setConfig(new JsonObject().put("jobs", jobs));
  }

  @Test
  void anExclusiveJobRunsOncePerTickHoweverManySchedulersRun(Vertx vertx) throws Exception {
    AtomicInteger statsComputed = new AtomicInteger();
    AtomicInteger statsPublished = new AtomicInteger();
    vertx
        .eventBus()
        .consumer(
            Addresses.Beers.STATS,
            m -> m.reply(new JsonObject().put("total", statsComputed.incrementAndGet())))
        .completion()
        .await(5, SECONDS);
    vertx
        .eventBus()
        .consumer(Addresses.Events.BEER_STATS, m -> statsPublished.incrementAndGet())
        .completion()
        .await(5, SECONDS);

    // Three schedulers stand in for three nodes: they share the locks and the tick map.
    JsonObject beerStats =
        new JsonObject()
            .put("beer-stats", new JsonObject().put("every", "200ms").put("exclusive", true));
    vertx.deployVerticle(SchedulerVerticle::new, jobs(beerStats, 3)).await(10, SECONDS);
    Thread.sleep(2_100);

    // About 10 ticks passed; once per node would be about 30.
    int runs = statsComputed.get();
    assertTrue(runs >= 8 && runs <= 12, "runs in 2.1 s of 200 ms ticks: " + runs);
    assertEquals(runs, statsPublished.get(), "each run publishes its stats");
  }

  @Test
  void aJobThatIsNotExclusiveRunsOnEveryScheduler(Vertx vertx) throws Exception {
    AtomicInteger probes = new AtomicInteger();
    vertx
        .eventBus()
        .consumer(
            Addresses.Status.DB,
            m -> {
              probes.incrementAndGet();
              m.reply(new JsonObject().put("ok", true));
            })
        .completion()
        .await(5, SECONDS);
    vertx
        .eventBus()
        .localConsumer(
            Addresses.Status.CLUSTER,
            m ->
                m.reply(
                    new JsonObject().put("node", "n1").put("members", new JsonArray().add("n1"))));

    JsonObject heartbeat =
        new JsonObject()
            .put("heartbeat", new JsonObject().put("every", "200ms").put("exclusive", false));
    vertx.deployVerticle(SchedulerVerticle::new, jobs(heartbeat, 2)).await(10, SECONDS);
    Thread.sleep(1_100);

    int beats = probes.get();
    assertTrue(beats >= 8 && beats <= 12, "two schedulers, about 5 ticks each: " + beats);
    JsonObject status =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.Status.SCHEDULER, new JsonObject())
            .await(5, SECONDS)
            .body();
    JsonObject job = status.getJsonArray("jobs").getJsonObject(0);
    assertEquals("heartbeat", job.getString("name"));
    JsonObject lastRun = job.getJsonObject("lastRunHere");
    assertEquals("succeeded", lastRun.getString("outcome"));
    assertEquals(1, lastRun.getJsonObject("result").getInteger("members"));
    assertEquals("up", lastRun.getJsonObject("result").getString("database"));
  }

  @Test
  void anUnknownJobStopsTheStartWithItsName(Vertx vertx) {
    JsonObject unknown = new JsonObject().put("mow-the-lawn", new JsonObject().put("every", "1s"));
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class,
            () ->
                vertx.deployVerticle(SchedulerVerticle::new, jobs(unknown, 1)).await(10, SECONDS));
    assertTrue(e.getMessage().contains("mow-the-lawn"), e.getMessage());
  }

  @Test
  void aTickIsClaimedOnceAndTheLockIsHeldUntilReleased(Vertx vertx) throws Exception {
    ExclusiveTicks ticks = new ExclusiveTicks(vertx.sharedData());

    Lock first = ticks.claim("job", 7).await(5, SECONDS);
    assertNotNull(first);
    assertNull(ticks.claim("job", 8).await(5, SECONDS), "the lock is still held");
    first.release();
    assertNull(ticks.claim("job", 7).await(5, SECONDS), "tick 7 already ran");
    Lock next = ticks.claim("job", 8).await(5, SECONDS);
    assertNotNull(next);
    next.release();
  }
}
