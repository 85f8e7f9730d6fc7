package dev.ltocheck.bitcode;

/** A summary or module record that cannot be what it claims; says where, in bitcode terms. */
public final class SummaryFormatException extends Exception {
    private final String where;

    public SummaryFormatException(String where, String message) {
        super(where + ": " + message);
        this.where = where;
    }

    /** The blocks the reader was in ({@code MODULE_BLOCK > METADATA_BLOCK}). */
    public String where() {
        return where;
    }
}
