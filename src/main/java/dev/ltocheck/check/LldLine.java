package dev.ltocheck.check;

/**
 * One line ld.lld 20 prints.
 *
 * @param module the module whose backend (ThinLTO) or merge (full LTO) fails, as lld names it
 */
public record LldLine(String module, String text) {
}
