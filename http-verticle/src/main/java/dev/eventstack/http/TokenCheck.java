package dev.eventstack.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Bearer-token (JWT) checks for the routes that change data or subscribe to it, when auth is on.
 * With auth off every check passes, so the one-JVM quick start needs no token.
 */
final class TokenCheck {

  private static final String BEARER = "Bearer ";
  private static final String TOKEN_PARAM = "token";

  /** Null when auth is off. */
  private final JWTAuth jwt;

  private TokenCheck(JWTAuth jwt) {
    this.jwt = jwt;
  }

  static TokenCheck off() {
    return new TokenCheck(null);
  }

  static TokenCheck with(JWTAuth jwt) {
    return new TokenCheck(jwt);
  }

  boolean enabled() {
    return jwt != null;
  }

  /**
   * {@link #requireForApi} as a handler that Vert.x Web runs before a route's body handler (it
   * orders a route's handlers by kind), so that a write without a token is refused before its body
   * is read.
   */
  SecurityPolicyHandler beforeBody() {
    return this::requireForApi;
  }

  /** REST: the token comes in {@code Authorization: Bearer <JWT>}. */
  void requireForApi(RoutingContext ctx) {
    check(ctx, headerToken(ctx));
  }

  /**
   * WebSocket upgrades: browsers cannot set headers on a WebSocket, so {@code ?token=} is taken
   * too. A refused upgrade is a plain 401 answer, before any upgrade happens.
   */
  void requireForSocket(RoutingContext ctx) {
    String token = headerToken(ctx);
    check(ctx, token != null ? token : ctx.queryParams().get(TOKEN_PARAM));
  }

  private void check(RoutingContext ctx, String token) {
    if (jwt == null) {
      ctx.next();
      return;
    }
    if (token == null || token.isBlank()) {
      ctx.fail(new ApiException(401, "Missing token: send Authorization: Bearer <token>"));
      return;
    }
    Future<?> user = JwtKeys.authenticate(jwt, token.trim());
    user.onSuccess(u -> ctx.next())
        .onFailure(e -> ctx.fail(new ApiException(401, "Invalid or expired token")));
  }

  /** A token from elsewhere (a bridge frame's headers): passes when auth is off. */
  Future<Void> check(Object token) {
    if (jwt == null) {
      return Future.succeededFuture();
    }
    if (!(token instanceof String text) || text.isBlank()) {
      return Future.failedFuture("missing token");
    }
    return JwtKeys.authenticate(jwt, text.trim()).mapEmpty();
  }

  private static String headerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length());
  }
}
