package dev.ltocheck.imports;

import java.util.List;
import java.util.Set;

/**
 * What kind of link decides which symbols are roots of liveness.
 *
 * @param relocatable      {@code -r}, as the kernel links vmlinux.o: every non-local symbol is kept
 * @param entry            {@code -e} symbol of an executable link, or null
 * @param exported         {@code -u}, {@code --export-dynamic-symbol} and similar: kept
 * @param nativeReferences symbols referenced by native objects of the link: kept
 */
public record LinkOptions(boolean relocatable, String entry, Set<String> exported, Set<String> nativeReferences) {

    /** {@code ld.lld -r}, as Linux links vmlinux.o. */
    public static final LinkOptions RELOCATABLE = new LinkOptions(true, null, Set.of(), Set.of());

    public static LinkOptions executable(String entry, List<String> exported, Set<String> nativeReferences) {
        return new LinkOptions(false, entry, Set.copyOf(exported), Set.copyOf(nativeReferences));
    }
}
