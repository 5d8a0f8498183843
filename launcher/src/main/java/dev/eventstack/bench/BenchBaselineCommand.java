package dev.eventstack.bench;

import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar eventstack.jar bench-baseline}: runs {@link BenchBaseline} until stopped. */
@Command(
    name = "bench-baseline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A bare Vert.x HTTP server answering {\"message\":\"hello\"}: the throughput ceiling of"
          + " this machine for scripts/bench. Runs until Ctrl-C.",
      ""
    })
public final class BenchBaselineCommand implements Callable<Integer> {

  /** Tells the launcher that the server goes on after the command returns. */
  public static final int KEEP_RUNNING = -1;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "address to bind [${DEFAULT-VALUE}]")
  String host;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8090",
      converter = BenchOptions.Port.class,
      description = "port [${DEFAULT-VALUE}]")
  int port;

  @Option(
      names = "--instances",
      paramLabel = "N",
      defaultValue = "0",
      converter = BenchOptions.NonNegative.class,
      description = "server instances, 0 = one per core, as the real server [${DEFAULT-VALUE}]")
  int instances;

  BenchBaseline.Options options() {
    return new BenchBaseline.Options(
        host, port, instances == 0 ? Runtime.getRuntime().availableProcessors() : instances);
  }

  @Override
  public Integer call() throws Exception {
    BenchBaseline.Options options = options();
    BenchBaseline.deploy(Vertx.vertx(), options).toCompletionStage().toCompletableFuture().get();
    System.out.println(
        "bench-baseline listening on http://"
            + options.host()
            + ":"
            + options.port()
            + " instances="
            + options.instances());
    return KEEP_RUNNING;
  }
}
