package dev.eventstack.launcher;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Set;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A MongoDB primary that steps down mid-write (docs/cluster.md), played by the embedded server: its
 * backend refuses every write with the error a replica set member sends while it is no primary, or
 * is recovering. The node answers 503 with Retry-After and stores nothing; reads go on; once the
 * primary is back, writes succeed, and only the acknowledged ones are stored.
 */
@Tag("fault")
class PrimaryStepDownTest {

  private static final Set<String> WRITES =
      Set.of("insert", "update", "delete", "findAndModify", "findandmodify");

  @TempDir java.nio.file.Path dir;
  private MongoServer mongo;
  private EventStack stack;

  /** An in-memory backend that fails every write with {@link #code} while {@link #down} holds. */
  static final class SteppingDown extends H2Backend {
    volatile boolean down;
    volatile int code;
    volatile String codeName;

    SteppingDown() {
      super(MVStore.open(null));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
      String command = message.getDocument().keySet().iterator().next();
      if (down && WRITES.contains(command)) {
        throw new MongoServerError(code, codeName, codeName + " (the test's step-down)");
      }
      return super.handleMessage(message);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close().await(30, SECONDS);
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "10107, NotWritablePrimary",
    "13435, NotPrimaryNoSecondaryOk",
    "13436, NotPrimaryOrSecondary",
    "11602, InterruptedDueToReplStateChange",
    "11600, InterruptedAtShutdown",
    "189, PrimarySteppedDown",
    "91, ShutdownInProgress"
  })
  void aWriteRefusedByAStepDownIs503WithRetryAfterAndNeverStored(int code, String codeName)
      throws Exception {
    SteppingDown backend = new SteppingDown();
    mongo = new MongoServer(backend);
    int mongoPort = TestHttp.freePort();
    mongo.bind("127.0.0.1", mongoPort);
    int port = TestHttp.freePort();
    stack =
        EventStack.start(
                "--port",
                String.valueOf(port),
                "--db-url",
                "mongodb://127.0.0.1:" + mongoPort + "/stepdown",
                "--stats-interval",
                "off",
                "--no-sample-data")
            .await(30, SECONDS);
    TestHttp http = new TestHttp(port);
    String before = http.createTask("{\"title\":\"before the step-down\"}");

    backend.code = code;
    backend.codeName = codeName;
    backend.down = true;
    HttpResponse<String> refused = http.send("POST", "/tasks", "{\"title\":\"during\"}");
    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
    assertTrue(
        new JsonObject(refused.body()).getString("message").contains("Database unavailable"),
        refused.body());
    HttpResponse<String> beer = http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":500}");
    assertEquals(503, beer.statusCode(), beer.body());
    assertEquals(200, http.get("/tasks/" + before).statusCode(), "reads go on");

    backend.down = false;
    String after = http.createTask("{\"title\":\"after the election\"}");
    JsonObject tasks = http.getJson("/tasks");
    assertEquals(Set.of(before, after), tasks.fieldNames(), "only acknowledged writes: " + tasks);
    assertEquals(201, http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":500}").statusCode());
    assertEquals(1L, http.getJson("/api/beers").getLong("total"));
  }
}
