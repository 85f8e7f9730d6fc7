package dev.ltocheck.llvm;

/** LLVM refused a bitcode buffer; the message is LLVM's own. */
public class BitcodeLoadException extends Exception {
    private final boolean ofTheBytes;

    /** LLVM answered with a diagnostic: reading the same bytes again gives the same answer. */
    public BitcodeLoadException(String message) {
        this(message, true);
    }

    /**
     * @param ofTheBytes false when the answer may differ next time (an isolated worker that died,
     *                   was stopped by the watchdog or could not be reached): such a refusal is
     *                   reported, never cached
     */
    public BitcodeLoadException(String message, boolean ofTheBytes) {
        super(message);
        this.ofTheBytes = ofTheBytes;
    }

    public boolean ofTheBytes() {
        return ofTheBytes;
    }
}
