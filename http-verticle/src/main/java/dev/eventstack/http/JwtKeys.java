package dev.eventstack.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The one way tokens are made and checked: HS256 with the configured key. The REST routes, the
 * sockets, both bridges and the launcher's {@code token} command all use it, so what one signs the
 * others accept.
 */
public final class JwtKeys {

  /**
   * The longest a token may live: a token must carry a numeric {@code exp}, at most this far ahead.
   * A leaked token without an expiry would otherwise be good for ever.
   */
  public static final Duration MAX_LIFETIME = Duration.ofDays(365);

  private JwtKeys() {}

  public static JWTAuth provider(Vertx vertx, String key) {
    PubSecKeyOptions hs256 = new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key);
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(hs256));
  }

  /**
   * Checks a token: its claims' shape first, then its signature and times. Fails (never throws) for
   * any token that is not good, including those whose claims make the provider throw, such as
   * {@code "exp":"never"}.
   */
  static Future<User> authenticate(JWTAuth jwt, String token) {
    String problem = claimsProblem(token, System.currentTimeMillis() / 1000);
    if (problem != null) {
      return Future.failedFuture(problem);
    }
    try {
      return jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Why the token's claims are not acceptable, or null when they are. */
  static String claimsProblem(String token, long nowSeconds) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "not a JWT";
    }
    JsonObject claims;
    try {
      claims =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return "unreadable claims";
    }
    for (String time : new String[] {"iat", "nbf"}) {
      if (claims.containsKey(time) && !isWholeNumber(claims.getValue(time))) {
        return time + " is not a number of seconds";
      }
    }
    Object exp = claims.getValue("exp");
    if (!isWholeNumber(exp)) {
      return "no numeric exp: tokens must expire";
    }
    if (((Number) exp).longValue() - nowSeconds > MAX_LIFETIME.toSeconds()) {
      return "exp is more than " + MAX_LIFETIME.toDays() + " days ahead";
    }
    return null;
  }

  private static boolean isWholeNumber(Object value) {
    return value instanceof Integer || value instanceof Long;
  }
}
