package io.mmguard.schemas.serde;

/** Collapses a message onto one line, so log lines and exception messages stay greppable. */
final class OneLine {
  private OneLine() {}

  static String of(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** A throwable as "SimpleName: message", or just the simple name when it has no message. */
  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + of(message);
  }
}
