package dev.ltocheck.imports;

import java.util.List;

/**
 * What one module imports, and every decision behind it.
 *
 * @param module    index into {@link ImportResult#modules()}
 * @param imports   in decision order
 * @param decisions one per callee GUID its import walk considered, in the order first considered
 */
public record ModuleImports(int module, List<Import> imports, List<ImportDecision> decisions) {
}
