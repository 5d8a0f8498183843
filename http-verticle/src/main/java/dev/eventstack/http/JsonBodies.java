package dev.eventstack.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** Checks that a request carries a JSON object, and reads it. */
final class JsonBodies {

  private JsonBodies() {}

  /**
   * Refuses, with 415, a body whose declared media type is not JSON. A missing type is taken as
   * JSON, and so is curl's default {@code application/x-www-form-urlencoded}: the seed's own
   * examples post JSON with a bare {@code curl -d}, and its clients must keep working.
   */
  static void requireJsonMediaType(RoutingContext ctx) {
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

  /** The request body as a JSON object, or an {@link ApiException} with status 400. */
  static JsonObject object(RoutingContext ctx) {
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
      return object;
    }
    throw new ApiException(400, "Invalid JSON body: expected a JSON object");
  }
}
