package dev.ltocheck.imports;

import java.util.List;

/**
 * The thin link's import decision for every module that joined it.
 *
 * @param modules the ThinLTO modules in the order lld added them to LTO (lazy members after extraction)
 * @param perModule imports of each module, same order
 * @param notJoined lazy archive members no undefined symbol pulled in
 * @param regular   modules that joined the link without a ThinLTO summary (-flto=full): lld
 *                  merges them, in this order, into one module named ld-temp.o
 */
public record ImportResult(List<ThinModule> modules, List<ModuleImports> perModule, List<ThinModule> notJoined,
                           List<ThinModule> regular) {

    /** Source modules of one module's imports, sorted as LLVM sorts them (byte order of the names). */
    public List<Integer> sourceModules(int module) {
        return perModule.get(module).imports().stream().map(Import::source).distinct()
                .sorted((a, b) -> compareBytes(modules.get(a).name(), modules.get(b).name())).toList();
    }

    /**
     * A decision's callee as LLVM prints a {@code ValueInfo}'s name: the summary's, else the name
     * the caller's module declares it under; empty when neither knows it (LLVM then prints the GUID alone).
     */
    public String nameOf(ImportDecision decision) {
        if (!decision.name().isEmpty() || decision.declaredIn() < 0 || decision.declaredIn() >= modules.size()) {
            return decision.name();
        }
        for (dev.ltocheck.summary.Symbol s : modules.get(decision.declaredIn()).summary().symbols()) {
            if (s.guid() == decision.guid()) {
                return s.name();
            }
        }
        return "";
    }

    static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
