package dev.ltocheck.apply;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a test makes a write fail or stop: called by {@link TreeWriter} just before each file's
 * rename, once every new file is written and the journal lists the renames still due.
 */
@FunctionalInterface
public interface Faults {
    /** Production: nothing happens between renames. */
    Faults NONE = (index, target) -> { };

    /**
     * @param index  0-based position of the rename about to happen
     * @param target the real path of the file about to be replaced
     */
    void beforeRename(int index, Path target) throws IOException;
}
