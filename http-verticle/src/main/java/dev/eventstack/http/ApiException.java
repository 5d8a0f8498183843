package dev.eventstack.http;

/** A refusal of a request that is the client's doing: it becomes a 4xx JSON error. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
