package dev.eventstack.http;

import dev.eventstack.contract.BusError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failed request becomes an HTTP error: the status, and the JSON body {@code
 * {"method","uri","code","message"}} of seed 002 with the {@code "status"} of seed 003, never with
 * a stack trace.
 */
final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** The router's failure handler, and its handler for the 404 and 405 it finds itself. */
  static void handle(RoutingContext ctx) {
    handle(ctx, 500);
  }

  /** As {@link #handle(RoutingContext)}, for a router error whose status is known up front. */
  static void handle(RoutingContext ctx, int routerStatus) {
    Throwable failure = ctx.failure();
    int known = ctx.statusCode() >= 400 ? ctx.statusCode() : routerStatus;
    int status = failure == null ? known : statusOf(failure, known);
    String message = messageOf(failure, status);
    if (status >= 500
        && !(failure instanceof ReplyException)
        && !(failure instanceof ApiException)) {
      LOG.error("req_id={} unexpected failure", RequestLog.requestId(ctx), failure);
    }
    send(ctx, status, message);
  }

  /** Maps a failure to its HTTP status. Bus failure codes are mapped here and nowhere else. */
  static int statusOf(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) {
      return api.status;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> 503;
        case TIMEOUT -> 504;
        case RECIPIENT_FAILURE, ERROR -> BusError.ofCode(reply.failureCode()).code;
      };
    }
    return statusCode > 0 ? statusCode : 500;
  }

  private static String messageOf(Throwable failure, int status) {
    if (failure instanceof ApiException) {
      return failure.getMessage();
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> "Service unavailable: no node serves this request right now";
        case TIMEOUT -> "Timed out waiting for the service";
        default -> status >= 500 ? "Service error: " + reply.getMessage() : reply.getMessage();
      };
    }
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Request body too large";
      case 414 -> "URI too long";
      case 415 -> "Unsupported media type: send application/json";
      case 422 -> "Unprocessable entity";
      case 431 -> "Request header fields too large";
      default -> status >= 500 ? "Internal server error" : "Request refused";
    };
  }

  /**
   * Answers 405 with the methods the path does take. API paths end with this route, because the
   * static files' catch-all route would otherwise turn a wrong method into a 404.
   */
  static void methodNotAllowed(RoutingContext ctx, String allowed) {
    ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
    send(ctx, 405, "Method " + ctx.request().method().name() + " not allowed; use " + allowed);
  }

  /**
   * Requests the HTTP decoder refused before routing: a request line too long (414), headers too
   * large (431), or a malformed request (400), such as one with both Content-Length and
   * Transfer-Encoding ({@link StrictFraming}). They get the same JSON errors, then the connection
   * closes, as HTTP wants after a request it could not read.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status =
        cause instanceof TooLongHttpHeaderException
            ? 431
            : cause instanceof TooLongHttpLineException ? 414 : 400;
    JsonObject body =
        new JsonObject()
            .put("method", String.valueOf(request.method()))
            .put("uri", "-")
            .put("code", status)
            .put("status", status)
            .put(
                "message",
                switch (status) {
                  case 431 -> "Request header fields too large";
                  case 414 -> "URI too long";
                  default ->
                      cause instanceof StrictFraming.AmbiguousLengthException
                          ? "Malformed HTTP request: " + cause.getMessage()
                          : "Malformed HTTP request";
                });
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body.encode())
        // The decoder reads nothing more on this connection: close it rather than let it idle.
        .onComplete(sent -> request.connection().close());
  }

  static void send(RoutingContext ctx, int status, String message) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    JsonObject body =
        new JsonObject()
            .put("method", ctx.request().method().name())
            .put("uri", ctx.request().uri())
            .put("code", status)
            // "status" too: the beer clients of seed 003 read {"status","message"}.
            .put("status", status)
            .put("message", message);
    if (status == 503) {
      response.putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.encode());
  }
}
