package dev.ltocheck.wrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the checked link comes to, for the launcher that runs the real linker
 * ({@code scripts/ltocheck-ld}): one word in a file of its own private temporary folder. A run that
 * writes no word (the JVM could not start, or died) leaves the link to run unchecked.
 */
public enum LdDecision {
    /** The check says the link passes: link; a failure on module flags is a missed prediction, to explain. */
    PASS("pass"),
    /** Link, with no prediction to hold the link to (the check incomplete or failed, or LTOCHECK_LINK_ANYWAY). */
    LINK("link"),
    /** The check says the link fails: it is not run (the answer was printed). */
    STOP("stop");

    private final String word;

    LdDecision(String word) {
        this.word = word;
    }

    /** The word the launcher reads. */
    public String word() {
        return word;
    }

    /** Writes the word into {@code file}, a new file: one that exists (or a symlink) is refused, never followed. */
    void writeTo(Path file) throws IOException {
        Files.writeString(file, word + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }
}
