package dev.ltocheck.llvm;

/** LLVM refused a bitcode buffer; the message is LLVM's own. */
public final class BitcodeLoadException extends Exception {
    public BitcodeLoadException(String message) {
        super(message);
    }
}
