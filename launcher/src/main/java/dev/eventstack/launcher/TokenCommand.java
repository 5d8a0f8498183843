package dev.eventstack.launcher;

import dev.eventstack.http.JwtKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar eventstack.jar token --subject tap-1}: prints a token signed with the key the
 * server checks tokens with (see {@link AuthKey}).
 */
final class TokenCommand {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar launcher/target/eventstack.jar token --subject NAME [options]",
          "",
          "Prints a JWT for the beer API and socket when the server runs with --auth.",
          "",
          "Options (default in brackets):",
          "  --subject NAME     who the token is for, e.g. tap-1 (required)",
          "  --expires-in DUR   lifetime, e.g. 30m, 24h, 30d [24h]",
          "  --data-dir DIR     where the server keeps auth.key, unless $"
              + AuthKey.ENV
              + " is set [./data]",
          "  --help, -h         print this help and exit");

  private TokenCommand() {}

  /** Returns the token, or null after printing the help. */
  static String run(List<String> args, Map<String, String> env) {
    Map<String, String> values =
        SubcommandArgs.parse(args, List.of("--subject", "--expires-in", "--data-dir"));
    if (values.containsKey("--help")) {
      return null;
    }
    String subject = values.get("--subject");
    if (subject == null || subject.isBlank()) {
      throw new UsageException("token needs --subject NAME (see token --help)");
    }
    Duration lifetime =
        SubcommandArgs.duration("--expires-in", values.getOrDefault("--expires-in", "24h"));
    String key = AuthKey.resolve(env, Path.of(values.getOrDefault("--data-dir", "data")));
    return sign(key, subject.trim(), lifetime);
  }

  /** A token for {@code subject}, signed with {@code key}, valid for {@code lifetime}. */
  static String sign(String key, String subject, Duration lifetime) {
    Vertx vertx = Vertx.vertx();
    try {
      JWTOptions options =
          new JWTOptions()
              .setSubject(subject)
              .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()));
      return JwtKeys.provider(vertx, key).generateToken(new JsonObject(), options);
    } finally {
      vertx.close();
    }
  }
}
