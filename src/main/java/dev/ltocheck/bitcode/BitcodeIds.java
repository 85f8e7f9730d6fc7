package dev.ltocheck.bitcode;

/**
 * Block ids and record codes of LLVM 20's bitcode (llvm/Bitcode/LLVMBitCodes.h) that ltocheck
 * reads: every one of them lives here, under LLVM's name (a block drops LLVM's {@code _ID}); the
 * tests that craft or damage bitcode name them from here too.
 */
public final class BitcodeIds {
    // enum BlockIDs
    public static final int MODULE_BLOCK = 8;
    public static final int PARAMATTR_GROUP_BLOCK = 10;
    public static final int CONSTANTS_BLOCK = 11;
    public static final int FUNCTION_BLOCK = 12;
    public static final int IDENTIFICATION_BLOCK = 13;
    public static final int METADATA_BLOCK = 15;
    /** TYPE_BLOCK_ID_NEW. */
    public static final int TYPE_BLOCK = 17;
    public static final int USELIST_BLOCK = 18;
    /** USELIST_CODE_DEFAULT and USELIST_CODE_ENTRY: [index..., value id]. */
    public static final int USELIST_CODE_DEFAULT = 1;
    public static final int USELIST_CODE_ENTRY = 2;
    public static final int GLOBALVAL_SUMMARY_BLOCK = 20;
    public static final int STRTAB_BLOCK = 23;
    public static final int FULL_LTO_GLOBALVAL_SUMMARY_BLOCK = 24;

    /** IDENTIFICATION_CODE_STRING. */
    public static final int IDENTIFICATION_STRING = 1;

    // enum ModuleCodes, without LLVM's MODULE_CODE_ infix
    public static final int MODULE_VERSION = 1;
    public static final int MODULE_TRIPLE = 2;
    public static final int MODULE_SECTIONNAME = 5;
    public static final int MODULE_GLOBALVAR = 7;
    public static final int MODULE_FUNCTION = 8;
    public static final int MODULE_ALIAS = 14;
    public static final int MODULE_SOURCE_FILENAME = 16;
    public static final int MODULE_HASH = 17;
    public static final int MODULE_IFUNC = 18;

    public static final int STRTAB_BLOB = 1;

    // enum AttributeCodes
    public static final int PARAMATTR_GRP_CODE_ENTRY = 3;

    // enum TypeCodes
    public static final int TYPE_CODE_NUMENTRY = 1;
    public static final int TYPE_CODE_INTEGER = 7;
    public static final int TYPE_CODE_FLOAT = 3;
    public static final int TYPE_CODE_DOUBLE = 4;
    public static final int TYPE_CODE_METADATA = 16;
    public static final int TYPE_CODE_STRUCT_NAME = 19;

    // enum ConstantsCodes
    public static final int CST_CODE_SETTYPE = 1;
    public static final int CST_CODE_NULL = 2;
    public static final int CST_CODE_INTEGER = 4;
    public static final int CST_CODE_FLOAT = 6;
    public static final int CST_CODE_AGGREGATE = 7;
    public static final int CST_CODE_CE_BINOP = 10;
    public static final int CST_CODE_CE_CAST = 11;
    public static final int CST_CODE_CE_GEP_OLD = 12;
    public static final int CST_CODE_CE_SELECT = 13;
    public static final int CST_CODE_CE_EXTRACTELT = 14;
    public static final int CST_CODE_CE_INSERTELT = 15;
    public static final int CST_CODE_CE_SHUFFLEVEC = 16;
    public static final int CST_CODE_CE_CMP = 17;
    public static final int CST_CODE_CE_SHUFVEC_EX = 19;
    public static final int CST_CODE_CE_INBOUNDS_GEP = 20;
    public static final int CST_CODE_BLOCKADDRESS = 21;
    public static final int CST_CODE_CE_GEP_WITH_INRANGE_INDEX_OLD = 24;
    public static final int CST_CODE_CE_UNOP = 25;
    public static final int CST_CODE_DSO_LOCAL_EQUIVALENT = 27;
    public static final int CST_CODE_NO_CFI_VALUE = 29;
    public static final int CST_CODE_CE_GEP_WITH_INRANGE = 31;
    public static final int CST_CODE_CE_GEP = 32;
    public static final int CST_CODE_PTRAUTH = 33;

    // enum MetadataCodes
    public static final int METADATA_STRING_OLD = 1;
    public static final int METADATA_VALUE = 2;
    public static final int METADATA_NODE = 3;
    public static final int METADATA_NAME = 4;
    public static final int METADATA_DISTINCT_NODE = 5;
    public static final int METADATA_LOCATION = 7;
    public static final int METADATA_OLD_NODE = 8;
    public static final int METADATA_OLD_FN_NODE = 9;
    public static final int METADATA_NAMED_NODE = 10;
    public static final int METADATA_GENERIC_DEBUG = 12;
    public static final int METADATA_SUBRANGE = 13;
    public static final int METADATA_ENUMERATOR = 14;
    public static final int METADATA_BASIC_TYPE = 15;
    public static final int METADATA_FILE = 16;
    public static final int METADATA_DERIVED_TYPE = 17;
    public static final int METADATA_COMPOSITE_TYPE = 18;
    public static final int METADATA_SUBROUTINE_TYPE = 19;
    public static final int METADATA_COMPILE_UNIT = 20;
    public static final int METADATA_SUBPROGRAM = 21;
    public static final int METADATA_LEXICAL_BLOCK = 22;
    public static final int METADATA_LEXICAL_BLOCK_FILE = 23;
    public static final int METADATA_NAMESPACE = 24;
    public static final int METADATA_TEMPLATE_TYPE = 25;
    public static final int METADATA_TEMPLATE_VALUE = 26;
    public static final int METADATA_GLOBAL_VAR = 27;
    public static final int METADATA_LOCAL_VAR = 28;
    public static final int METADATA_EXPRESSION = 29;
    public static final int METADATA_OBJC_PROPERTY = 30;
    public static final int METADATA_IMPORTED_ENTITY = 31;
    public static final int METADATA_MODULE = 32;
    public static final int METADATA_MACRO = 33;
    public static final int METADATA_MACRO_FILE = 34;
    public static final int METADATA_STRINGS = 35;
    public static final int METADATA_GLOBAL_DECL_ATTACHMENT = 36;
    public static final int METADATA_GLOBAL_VAR_EXPR = 37;
    public static final int METADATA_LABEL = 40;
    public static final int METADATA_STRING_TYPE = 41;
    public static final int METADATA_COMMON_BLOCK = 44;
    public static final int METADATA_GENERIC_SUBRANGE = 45;
    public static final int METADATA_ARG_LIST = 46;
    public static final int METADATA_ASSIGN_ID = 47;

    // enum GlobalValueSummarySymtabCodes
    public static final int FS_PERMODULE = 1;
    public static final int FS_PERMODULE_PROFILE = 2;
    public static final int FS_PERMODULE_GLOBALVAR_INIT_REFS = 3;
    public static final int FS_ALIAS = 7;
    public static final int FS_VERSION = 10;
    public static final int FS_VALUE_GUID = 16;
    public static final int FS_PERMODULE_RELBF = 19;
    public static final int FS_FLAGS = 20;
    public static final int FS_PERMODULE_VTABLE_GLOBALVAR_INIT_REFS = 23;
    public static final int FS_BLOCK_COUNT = 24;

    private BitcodeIds() {
    }
}
