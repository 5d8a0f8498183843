package dev.eventstack.http;

import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * The one way tokens are made and checked: HS256 with the configured key. The REST routes, the
 * bridge and the launcher's {@code token} command all use it, so what one signs the others accept.
 */
public final class JwtKeys {

  private JwtKeys() {}

  public static JWTAuth provider(Vertx vertx, String key) {
    PubSecKeyOptions hs256 = new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key);
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(hs256));
  }
}
