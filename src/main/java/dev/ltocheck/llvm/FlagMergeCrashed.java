package dev.ltocheck.llvm;

/** libLLVM crashed (or was stopped) merging the flags of two modules, in an isolated worker. */
public final class FlagMergeCrashed extends BitcodeLoadException {
    private final String destination;
    private final String source;

    FlagMergeCrashed(String destination, String source, String how) {
        super("libLLVM crashed merging the flags of " + destination + " and " + source + " (isolated worker " + how
                + ")", false);
        this.destination = destination;
        this.source = source;
    }

    public String destination() {
        return destination;
    }

    public String source() {
        return source;
    }
}
