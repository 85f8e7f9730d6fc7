package dev.ltocheck.check;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;

import java.util.List;

/**
 * An import after which the importing module's flags are not what it was compiled with, though
 * nothing failed.
 *
 * @param before the importing module's value (LLVM text), null when it had no such flag
 * @param after  the value after the merge, null when removed
 * @param kind   ADOPTED: the flag came from the source; CHANGED: a Max/Min or Override result;
 *               WARNING: a Warning-behaviour mismatch LLVM reports
 */
public record SilentChange(ThinModule into, ThinModule from, String key, Kind kind, String before, String after,
                           String message, List<Import> imports) {
    public enum Kind { ADOPTED, CHANGED, WARNING }
}
