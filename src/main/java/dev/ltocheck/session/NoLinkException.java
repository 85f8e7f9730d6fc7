package dev.ltocheck.session;

/** The request names no link that can be analysed: nothing readable, no link command, no bitcode. */
public final class NoLinkException extends RuntimeException {
    public NoLinkException(String message) {
        super(message);
    }
}
