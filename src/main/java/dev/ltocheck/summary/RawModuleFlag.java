package dev.ltocheck.summary;

/**
 * A module flag as ltocheck's own reader decodes it from the metadata block, for bitcode LLVM 20
 * refuses.
 *
 * @param bits         integer width of an integer value, 0 otherwise
 * @param integer      the integer value (sign-extended)
 * @param string       the MDString value, or null
 * @param text         llvm-dis's text of any other value, or null
 */
public record RawModuleFlag(int behavior, String key, int bits, long integer, String string, String text) {
}
