package dev.eventstack.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.auth.User;
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

  /** Where a checked token's subject waits in the routing context. */
  private static final String SUBJECT_KEY = "eventstack.tokenSubject";

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

  /** REST: the token comes in {@code Authorization: Bearer <JWT>}. */
  void requireForApi(RoutingContext ctx) {
    check(ctx, headerToken(ctx));
  }

  /**
   * {@link #requireForApi} as the first handler of a write's route. Vert.x runs a route's handlers
   * in the order security policy, body, authentication, …, user; as a security policy the token is
   * checked before the body is even read, so a client without one cannot make the server buffer a
   * body.
   */
  SecurityPolicyHandler forApiWrites() {
    return this::requireForApi;
  }

  /**
   * WebSocket upgrades: browsers cannot set headers on a WebSocket, so {@code ?token=} is taken
   * too. A refused upgrade is a plain 401 answer, before any upgrade happens. A good token's
   * subject is kept for the upgrade ({@link #subjectOf}).
   */
  void requireForSocket(RoutingContext ctx) {
    String token = headerToken(ctx);
    check(ctx, token != null ? token : ctx.queryParams().get(TOKEN_PARAM));
  }

  /** The subject of the request's good token, once checked; null with auth off or no subject. */
  static String subjectOf(RoutingContext ctx) {
    return ctx.get(SUBJECT_KEY);
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
    Future<User> user = JwtKeys.authenticate(jwt, token.trim());
    user.onSuccess(
            authenticated -> {
              ctx.put(SUBJECT_KEY, authenticated.subject());
              ctx.next();
            })
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
