package dev.ltocheck.apply;

import java.io.IOException;
import java.nio.file.Path;

/** A file to write resolves (symlinks followed) to a place outside the tree: nothing is written. */
public final class OutsideTreeException extends IOException {
    private final Path file;
    private final String why;

    OutsideTreeException(Path file, String why) {
        super(file + " lies outside the tree (" + why + "); nothing was written");
        this.file = file;
        this.why = why;
    }

    /** The file as the patch names it. */
    public Path file() {
        return file;
    }

    /** Which part of its path leaves the tree, e.g. {@code arch/x86/kernel -> /elsewhere}. */
    public String why() {
        return why;
    }
}
