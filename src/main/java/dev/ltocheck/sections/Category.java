package dev.ltocheck.sections;

/**
 * Why code outside the confined section is reached, and the kbuild line that stops it.
 * {@code %s} in a fix stands for the object's stem.
 */
public enum Category {
    UBSAN("UBSAN", "UBSAN_SANITIZE_%s.o := n"),
    KASAN("KASAN", "KASAN_SANITIZE_%s.o := n"),
    KCOV("KCOV", "KCOV_INSTRUMENT_%s.o := n"),
    KCSAN("KCSAN", "KCSAN_SANITIZE_%s.o := n"),
    KMSAN("KMSAN", "KMSAN_SANITIZE_%s.o := n"),
    TRACING("ftrace", "CFLAGS_REMOVE_%s.o += $(CC_FLAGS_FTRACE)"),
    STACKLEAK("stackleak", "CFLAGS_%s.o += $(DISABLE_STACKLEAK_PLUGIN)"),
    STACK_PROTECTOR("stack protector", "CFLAGS_%s.o += -fno-stack-protector"),
    ADDRESS_TRANSLATION("address translation", null),
    ORDINARY("ordinary function", null);

    private final String label;
    private final String fix;

    Category(String label, String fix) {
        this.label = label;
        this.fix = fix;
    }

    public String label() {
        return label;
    }

    /** The kbuild line that removes this instrumentation from an object, or null for calls the code makes itself. */
    public String fixLine(String stem) {
        return fix == null ? null : String.format(fix, stem);
    }

    public boolean instrumentation() {
        return fix != null;
    }

    /** By the called function's name: the runtimes of the kernel's sanitizers and tracers. */
    public static Category of(String target) {
        if (target.startsWith("__ubsan_")) {
            return UBSAN;
        } else if (target.startsWith("__asan_") || target.startsWith("__kasan_")) {
            return KASAN;
        } else if (target.startsWith("__sanitizer_cov_")) {
            return KCOV;
        } else if (target.startsWith("__tsan_") || target.startsWith("__kcsan_")) {
            return KCSAN;
        } else if (target.startsWith("__msan_") || target.startsWith("kmsan_")) {
            return KMSAN;
        } else if (target.equals("__fentry__") || target.equals("mcount") || target.equals("__mcount")
                || target.startsWith("__cyg_profile_func_")) {
            return TRACING;
        } else if (target.equals("stackleak_track_stack")) {
            return STACKLEAK;
        } else if (target.equals("__stack_chk_fail")) {
            return STACK_PROTECTOR;
        } else if (target.equals("__phys_addr") || target.equals("__phys_addr_symbol") || target.equals("__virt_addr_valid")
                || target.equals("slow_virt_to_phys")) {
            return ADDRESS_TRANSLATION;
        }
        return ORDINARY;
    }
}
