package dev.ltocheck.imports;

import dev.ltocheck.summary.ModuleSummary;

/**
 * One bitcode module offered to the link.
 *
 * @param name    the module identifier (lld's name for it)
 * @param lazy    a member of an archive linked without --whole-archive: it joins the link only
 *                if it defines a symbol that is still undefined
 */
public record ThinModule(String name, ModuleSummary summary, boolean lazy) {
}
