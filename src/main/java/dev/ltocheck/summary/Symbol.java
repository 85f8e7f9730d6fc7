package dev.ltocheck.summary;

/**
 * A global named in a module's records: defined there or only declared (an undefined reference).
 * What a linker sees of a bitcode file, enough to decide which lazy archive members it pulls in.
 *
 * @param section the explicit section of a function or variable ({@code .pi.text}), empty when none
 * @param guid    the GUID of its global identifier ({@link Guid#globalIdentifier}): what summaries
 *                and the thin link call it
 */
public record Symbol(String name, Linkage linkage, boolean definition, Kind kind, String section, long guid) {
    public enum Kind { VARIABLE, FUNCTION, ALIAS, IFUNC }

    /** Intrinsics and other llvm.* names are not link-time symbols. */
    public boolean isLinkerVisible() {
        return !linkage.isLocal() && !name.startsWith("llvm.") && !name.isEmpty()
                && linkage != Linkage.APPENDING;
    }
}
