package dev.ltocheck.llvm;

import dev.ltocheck.flags.ModuleFlag;

import java.util.List;

/**
 * What the C API tells about one bitcode module.
 *
 * @param sourceFilename {@code source_filename}: the name lld's -print-imports uses, and the
 *                       prefix of local symbols' GUIDs
 * @param triple         the target triple
 * @param flags          {@code !llvm.module.flags} in operand order (the order IRMover merges in)
 */
public record ModuleFacts(String sourceFilename, String triple, List<ModuleFlag> flags) {
}
