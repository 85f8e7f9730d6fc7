package dev.ltocheck.imports;

import java.util.List;

/**
 * What one module imports.
 *
 * @param module   index into {@link ImportResult#modules()}
 * @param imports  in decision order
 */
public record ModuleImports(int module, List<Import> imports) {
}
