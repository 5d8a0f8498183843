package dev.eventstack.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which Vert.x reported a blocked event loop or worker ("Thread … has been
 * blocked for … ms"). Registered for every test of every module through the service file and {@code
 * junit.jupiter.extensions.autodetection.enabled} (see docs/quality.md). A warning that comes
 * between tests fails the class at its end.
 */
public final class NoBlockedThreads
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    failIfBlocked("before " + context.getDisplayName());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    failIfBlocked(context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failIfBlocked("the tests of " + context.getDisplayName());
  }

  private static void failIfBlocked(String during) {
    List<String> warnings = BlockedThreadRecorder.drain();
    if (!warnings.isEmpty()) {
      throw new AssertionError(
          "Vert.x's blocked-thread checker warned during "
              + during
              + ": "
              + String.join(
                  " | ", warnings.stream().map(w -> w.lines().findFirst().orElse(w)).toList()));
    }
  }
}
