package dev.eventstack.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What seed 001's Vue form sends, read as that seed's server stored it. */
class BookMessagesTest {

  private static JsonObject read(String body) {
    return BookMessages.fromClient(new JsonObject(body));
  }

  @Test
  void numericStringsAreNumbersAndMinusOneIsNotScored() {
    assertEquals(
        new JsonObject(
            "{\"title\":\"X\",\"author\":\"Y\",\"score\":7,\"year\":1951,\"read\":false}"),
        read(
            "{\"title\":\"X\",\"author\":\"Y\",\"score\":\"7\",\"year\":\"1951\",\"read\":false}"));
    assertEquals(new JsonObject("{\"score\":null}"), read("{\"score\":-1}"));
    assertEquals(new JsonObject("{\"score\":null}"), read("{\"score\":\"-1\"}"));
    assertEquals(new JsonObject("{\"score\":7}"), read("{\"score\":\"7.0\"}"));
    assertEquals(new JsonObject("{\"year\":-1}"), read("{\"year\":\"-1\"}"));
  }

  @Test
  void anythingElseIsLeftForTheSchemaToRefuse() {
    for (String body :
        new String[] {
          "{\"score\":\"seven\"}",
          "{\"score\":\"\"}",
          "{\"score\":\" 7\"}",
          "{\"score\":\"0x7\"}",
          "{\"score\":-2}",
          "{\"score\":11}",
          "{\"title\":\"7\"}",
          "{\"score\":\"" + "1".repeat(40) + "\"}"
        }) {
      assertEquals(new JsonObject(body), read(body), body);
    }
    assertEquals(new JsonObject("{\"score\":7.5}"), read("{\"score\":\"7.5\"}"));
  }

  @Test
  void theBodyItselfIsLeftAsItIs() {
    JsonObject body = new JsonObject("{\"score\":\"-1\"}");
    BookMessages.fromClient(body);
    assertEquals(new JsonObject("{\"score\":\"-1\"}"), body);
  }
}
