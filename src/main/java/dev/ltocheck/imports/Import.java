package dev.ltocheck.imports;

import java.util.List;

/**
 * One global a module imports.
 *
 * @param guid       the imported GUID
 * @param name       its IR name in the source module (empty if only the GUID is known)
 * @param promoted   the name after ThinLTO promotion ({@code name.llvm.N} for locals), as lld prints it
 * @param kind       function or variable (an alias is imported as what it aliases)
 * @param source     the module it comes from (index into {@link ImportResult#modules()})
 * @param size       instruction count of an imported function, -1 for variables
 * @param threshold  the threshold it was admitted under (functions), -1 for variables
 * @param chain      why: the names from a function defined in the importing module down to this one
 */
public record Import(long guid, String name, String promoted, Kind kind, int source, int size, long threshold,
                     List<String> chain) {
    public enum Kind { FUNCTION, VARIABLE }
}
