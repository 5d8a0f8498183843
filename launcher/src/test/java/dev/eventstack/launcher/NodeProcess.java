package dev.eventstack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One eventstack node as a real JVM process, started from the fat jar as a user starts it. Its
 * output goes to a file, read by the tests and left behind for a failure's diagnosis.
 */
final class NodeProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path output;

  private NodeProcess(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.output = output;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("eventstack.jar", "target/eventstack.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run 'mvn package' first");
    }
    return jar;
  }

  static NodeProcess start(String name, Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Deventstack.logDir=" + workDir.resolve("logs-" + name));
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    Path output = workDir.resolve(name + ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      return new NodeProcess(name, process, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String output() {
    try {
      return Files.exists(output) ? Files.readString(output) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the node has printed {@code text}; fails early if the node exits. */
  NodeProcess awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(text)) {
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        name + " did not print '" + text + "' in " + timeout + ":\n" + output());
  }

  NodeProcess awaitReady() throws InterruptedException {
    return awaitOutput("eventstack ready", Duration.ofSeconds(60));
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** SIGTERM: what Ctrl-C or {@code docker stop} sends. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: {@code kill -9}, a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Kills a node that is still running. An interrupt while it waits for the process to end is kept
   * as the thread's interrupt status: close() must not throw InterruptedException, which
   * try-with-resources would otherwise swallow or mix with the test's own failure.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
