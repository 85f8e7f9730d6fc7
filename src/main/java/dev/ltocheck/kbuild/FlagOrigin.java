package dev.ltocheck.kbuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Which compiler options produce a module flag (clang's CodeGenModule::Release and friends). */
final class FlagOrigin {
    private static final Map<String, Pattern> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("Code Model", Pattern.compile("^-mcmodel=.*"));
        OPTIONS.put("Large Data Threshold", Pattern.compile("^-m(cmodel|large-data-threshold)=.*"));
        OPTIONS.put("PIC Level", Pattern.compile("^-f(no-)?(pic|PIC|pie|PIE)$"));
        OPTIONS.put("PIE Level", Pattern.compile("^-f(no-)?(pic|PIC|pie|PIE)$"));
        OPTIONS.put("override-stack-alignment", Pattern.compile("^-mstack-alignment=.*"));
        OPTIONS.put("warn-stack-size", Pattern.compile("^-Wframe-larger-than=.*"));
        OPTIONS.put("frame-pointer", Pattern.compile("^-f(no-)?omit-frame-pointer$"));
        OPTIONS.put("EnableSplitLTOUnit", Pattern.compile("^-f(no-)?split-lto-unit$"));
        OPTIONS.put("stack-protector-guard", Pattern.compile("^-mstack-protector-guard=.*"));
        OPTIONS.put("stack-protector-guard-reg", Pattern.compile("^-mstack-protector-guard-reg=.*"));
        OPTIONS.put("stack-protector-guard-offset", Pattern.compile("^-mstack-protector-guard-offset=.*"));
        OPTIONS.put("stack-protector-guard-symbol", Pattern.compile("^-mstack-protector-guard-symbol=.*"));
        OPTIONS.put("cf-protection-branch", Pattern.compile("^-fcf-protection(=.*)?$"));
        OPTIONS.put("cf-protection-return", Pattern.compile("^-fcf-protection(=.*)?$"));
        OPTIONS.put("ProfileSummary", Pattern.compile("^-fprofile-.*-use.*"));
    }

    private FlagOrigin() {
    }

    /** The option sets some module flag (a code-generation option, not a define or a warning). */
    static boolean setsModuleFlag(String option) {
        return OPTIONS.values().stream().anyMatch(p -> p.matcher(option).matches());
    }

    /**
     * The option of a compile command that decides the flag: the last matching one, since clang
     * lets the last of -mcmodel=kernel ... -mcmodel=small win.
     */
    static List<String> options(String key, List<String> command) {
        Pattern pattern = OPTIONS.get(key);
        String last = null;
        if (pattern != null) {
            for (String option : command) {
                if (pattern.matcher(option).matches()) {
                    last = option;
                }
            }
        }
        return last == null ? List.of() : List.of(last);
    }
}
