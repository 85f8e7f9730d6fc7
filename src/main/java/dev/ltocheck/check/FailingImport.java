package dev.ltocheck.check;

import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ThinModule;

import java.util.List;

/**
 * Imports from one module into another whose module flags IRMover refuses to merge.
 *
 * @param key       the flag LLVM names in its message
 * @param message   LLVM's error text for this pair, the importing module's own flags against the source's
 * @param shownByLld whether this is the one error lld prints for the importing module (it merges
 *                  sources in name order and stops at the first that fails)
 */
public record FailingImport(ThinModule into, ThinModule from, String key, String message, List<Import> imports,
                            boolean shownByLld) {
}
