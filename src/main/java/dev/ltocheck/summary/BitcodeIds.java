package dev.ltocheck.summary;

/** Block ids and record codes of LLVM 20's bitcode (llvm/Bitcode/LLVMBitCodes.h) that ltocheck reads. */
final class BitcodeIds {
    static final int MODULE_BLOCK = 8;
    static final int IDENTIFICATION_BLOCK = 13;
    static final int GLOBALVAL_SUMMARY_BLOCK = 20;
    static final int STRTAB_BLOCK = 23;
    static final int FULL_LTO_GLOBALVAL_SUMMARY_BLOCK = 24;

    static final int IDENTIFICATION_STRING = 1;

    static final int MODULE_VERSION = 1;
    static final int MODULE_TRIPLE = 2;
    static final int MODULE_SECTIONNAME = 5;
    static final int MODULE_GLOBALVAR = 7;
    static final int MODULE_FUNCTION = 8;
    static final int MODULE_ALIAS = 14;
    static final int MODULE_SOURCE_FILENAME = 16;
    static final int MODULE_HASH = 17;
    static final int MODULE_IFUNC = 18;

    static final int STRTAB_BLOB = 1;

    static final int FS_PERMODULE = 1;
    static final int FS_PERMODULE_PROFILE = 2;
    static final int FS_PERMODULE_GLOBALVAR_INIT_REFS = 3;
    static final int FS_ALIAS = 7;
    static final int FS_VERSION = 10;
    static final int FS_VALUE_GUID = 16;
    static final int FS_PERMODULE_RELBF = 19;
    static final int FS_FLAGS = 20;
    static final int FS_PERMODULE_VTABLE_GLOBALVAR_INIT_REFS = 23;
    static final int FS_BLOCK_COUNT = 24;

    private BitcodeIds() {
    }
}
