package dev.ltocheck.check;

/**
 * One line ld.lld 20 prints.
 *
 * @param module the module whose backend (ThinLTO) or merge (full LTO) fails, as lld names it
 * @param source the module whose flags could not be merged into it, as lld names it
 * @param text   the line in LLVM 20's words ({@link LldOutput} gives other versions' words)
 */
public record LldLine(String module, String source, String text) {
    /** The line of a ThinLTO backend's import failure, not a full-LTO merge. */
    public boolean thinImport() {
        return text.startsWith(LinkCheck.THIN_PREFIX);
    }
}
