package dev.eventstack.launcher;

import dev.eventstack.http.JwtKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar eventstack.jar token --subject tap-1}: prints a token signed with the key the
 * server checks tokens with (see {@link AuthKey}).
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    description = {
      "Prints a JWT for the beer API and socket when the server runs with --auth.",
      ""
    })
final class TokenCommand implements Callable<Integer> {

  @Option(
      names = "--subject",
      paramLabel = "NAME",
      required = true,
      converter = Converters.NonBlank.class,
      description = "who the token is for, e.g. tap-1")
  String subject;

  @Option(
      names = "--expires-in",
      paramLabel = "DUR",
      defaultValue = "24h",
      converter = Converters.PositiveDuration.class,
      description = "lifetime, e.g. 30m, 24h, 30d [${DEFAULT-VALUE}]")
  Duration expiresIn;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "where the server keeps auth.key, unless $" + AuthKey.ENV + " is set [./data]")
  Path dataDir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(token(System.getenv()));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private String token(Map<String, String> env) {
    return sign(AuthKey.resolve(env, dataDir), subject, expiresIn);
  }

  /** The token that {@code token ARGS} prints, for the tests. */
  static String run(List<String> args, Map<String, String> env) {
    TokenCommand command = new TokenCommand();
    try {
      new CommandLine(command).parseArgs(args.toArray(String[]::new));
    } catch (ParameterException e) {
      throw new UsageException(Cli.message(e));
    }
    return command.token(env);
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
