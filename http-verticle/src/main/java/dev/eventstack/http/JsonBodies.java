package dev.eventstack.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** Checks that a request carries a JSON object, and reads it. */
final class JsonBodies {

  private static final String DECODED = "eventstack.jsonBody";

  private JsonBodies() {}

  /**
   * Refuses, with 415, a body whose declared media type is not JSON. A missing type is taken as
   * JSON, and so is curl's default {@code application/x-www-form-urlencoded}: the seed's own
   * examples post JSON with a bare {@code curl -d}, and its clients must keep working.
   */
  private static void requireJsonMediaType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || isJsonLike(type)) {
      ctx.next();
    } else {
      ctx.fail(
          new ApiException(415, "Unsupported media type '" + type + "': send application/json"));
    }
  }

  private static boolean isJsonLike(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || mediaType.endsWith("+json")
        || mediaType.equals("application/x-www-form-urlencoded");
  }

  /**
   * The handlers a route that takes a JSON object runs before its own: the media type checked from
   * the headers (415 before the body is read), the body read, then decoded, once. Vert.x Web orders
   * a route's handlers by kind, and only a security-policy handler may run before the body handler.
   */
  static Route objectBody(Route route, BodyHandler bodies) {
    return route
        .handler((SecurityPolicyHandler) JsonBodies::requireJsonMediaType)
        .handler(bodies)
        .handler(JsonBodies::decodeObject);
  }

  /** The body that {@link #objectBody}'s handlers decoded. */
  static JsonObject object(RoutingContext ctx) {
    return ctx.get(DECODED);
  }

  private static void decodeObject(RoutingContext ctx) {
    ctx.put(DECODED, decode(ctx));
    ctx.next();
  }

  /** The request body as a JSON object, or an {@link ApiException} with status 400. */
  private static JsonObject decode(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ApiException(400, "Invalid JSON body: the body is empty");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ApiException(400, "Invalid JSON body");
    }
    if (value instanceof JsonObject object) {
      requireStorableNumbers(object, "");
      return object;
    }
    throw new ApiException(400, "Invalid JSON body: expected a JSON object");
  }

  /**
   * Every number in a body must be finite and fit a 64-bit integer or a double. The parser reads
   * {@code 1e309} as infinity, which the store writes back as the string "Infinity", and {@code
   * 2^64} as a big integer, which the store cannot write at all; both are the client's mistake.
   * Each field's own range is its schema's or its route's business, after this.
   */
  private static void requireStorableNumbers(Object value, String path) {
    if (value instanceof JsonObject object) {
      for (String field : object.fieldNames()) {
        requireStorableNumbers(object.getValue(field), path.isEmpty() ? field : path + "." + field);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        requireStorableNumbers(array.getValue(i), path + "[" + i + "]");
      }
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      throw new ApiException(
          400, path + ": number out of range (at most a 64-bit integer or a finite double)");
    } else if (value instanceof Number number && !Double.isFinite(number.doubleValue())) {
      throw new ApiException(400, path + ": number out of range (it must be finite)");
    }
  }
}
