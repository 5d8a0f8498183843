package dev.eventstack.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps the warnings of Vert.x's blocked-thread checker (logger {@value #CHECKER_LOGGER}), which
 * {@code conf/logback-test.xml} routes here, for {@link NoBlockedThreads} to fail the test with.
 */
public final class BlockedThreadRecorder extends AppenderBase<ILoggingEvent> {

  public static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

  private static final ConcurrentLinkedQueue<String> WARNINGS = new ConcurrentLinkedQueue<>();

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      WARNINGS.add(event.getFormattedMessage());
    }
  }

  /** The warnings recorded since the last call, oldest first. */
  public static List<String> drain() {
    List<String> drained = new ArrayList<>();
    for (String warning; (warning = WARNINGS.poll()) != null; ) {
      drained.add(warning);
    }
    return drained;
  }
}
