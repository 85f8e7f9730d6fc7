package dev.ltocheck.imports;

import java.util.List;
import java.util.Map;

/**
 * What one module imports.
 *
 * @param module   index into {@link ImportResult#modules()}
 * @param imports  in decision order
 * @param rejected callees considered but not imported, with LLVM's reason
 */
public record ModuleImports(int module, List<Import> imports, Map<Long, ImportFailureReason> rejected) {
}
