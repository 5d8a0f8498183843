package dev.eventstack.launcher;

/** A command line that cannot be run: the launcher prints its message on one line and exits 2. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
