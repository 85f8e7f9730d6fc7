package dev.ltocheck.cli;

/** Ends a command with an exit code after its message was printed; never a bug. */
final class ExitException extends RuntimeException {
    private final int code;

    ExitException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
