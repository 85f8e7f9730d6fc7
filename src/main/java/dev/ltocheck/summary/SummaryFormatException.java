package dev.ltocheck.summary;

/** A summary or module record that cannot be what it claims; says where, in bitcode terms. */
public final class SummaryFormatException extends Exception {
    public SummaryFormatException(String where, String message) {
        super(where + ": " + message);
    }
}
