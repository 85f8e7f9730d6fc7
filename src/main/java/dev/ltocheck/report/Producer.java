package dev.ltocheck.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who wrote a bitcode module, from its IDENTIFICATION block string ({@code LLVM20.1.7}; rustc's
 * LLVM adds {@code -rust-1.84.0-stable}) and its target: the compiler a side of a conflict must be
 * rebuilt with, and whether that is likely the user's own.
 *
 * @param identification the IDENTIFICATION string as written
 * @param kind           what sort of compiler wrote it
 * @param llvmMajor      the LLVM major version in the string, or 0
 */
public record Producer(String identification, Kind kind, int llvmMajor) {

    public enum Kind {
        CLANG("clang"),
        RUSTC("rustc"),
        ZIG("Zig"),
        /** Bitcode for a GPU (a ROCm or CUDA device library): prebuilt by a vendor. */
        DEVICE_LIBRARY("a device library");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private static final Pattern LLVM = Pattern.compile("^LLVM(\\d+)\\.");
    private static final Pattern RUST = Pattern.compile("-rust-(\\S+)");

    public static Producer of(String identification, String triple) {
        String id = identification == null ? "" : identification;
        Matcher major = LLVM.matcher(id);
        int llvmMajor = major.find() ? Integer.parseInt(major.group(1)) : 0;
        String lower = id.toLowerCase(Locale.ROOT);
        Kind kind = RUST.matcher(id).find() ? Kind.RUSTC
                : lower.contains("zig") ? Kind.ZIG
                : triple != null && (triple.startsWith("amdgcn") || triple.startsWith("nvptx")) ? Kind.DEVICE_LIBRARY
                : Kind.CLANG;
        return new Producer(id, kind, llvmMajor);
    }

    /** {@code rustc 1.84.0-stable (LLVM19.1.7-rust-1.84.0-stable)}, {@code clang (LLVM19.1.7)}. */
    public String describe() {
        Matcher rust = RUST.matcher(identification);
        String name = kind == Kind.RUSTC && rust.find() ? "rustc " + rust.group(1) : kind.words();
        return name + " (" + (identification.isEmpty() ? "no IDENTIFICATION string" : identification) + ")";
    }
}
