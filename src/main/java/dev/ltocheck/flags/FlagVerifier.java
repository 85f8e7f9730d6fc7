package dev.ltocheck.flags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What LLVM 20's {@code Verifier::visitModuleFlags}/{@code visitModuleFlag} (lib/IR/Verifier.cpp)
 * requires of {@code !llvm.module.flags}, checked on the trees before any flag reaches IRMover:
 * lld verifies every module in its LTO backend and stops at a broken one ("LLVM ERROR: Broken
 * module found, compilation aborted!"), and IRMover itself crashes on some of them (Min with a
 * node, Append with an integer) before the verifier runs.
 *
 * <p>Not checked: 'Linker Options' (the verifier asks for !llvm.linker.options, which ltocheck
 * does not read) and whether a CG Profile operand is a function rather than another global.
 */
public final class FlagVerifier {
    /** The line LLVM prints after the verifier's messages, and then lld stops. */
    public static final String BROKEN = "LLVM ERROR: Broken module found, compilation aborted!";

    // A ConstantInt wider than 64 bits, which the C API reader keeps as text ("i128 5").
    private static final Pattern WIDE_INTEGER = Pattern.compile("i\\d+ -?\\d+");

    /**
     * One complaint.
     *
     * @param message the verifier's message, or ltocheck's for a damaged value
     * @param operand the operand LLVM prints under it (inline: LLVM numbers nodes {@code !2 = !{...}}), or null
     * @param damaged true for a value no compiler writes (cyclic, too large), which LLVM's verifier accepts
     */
    public record Problem(String key, String message, String operand, boolean damaged) {
        /** The lines LLVM prints for it. */
        public List<String> llvmLines() {
            return operand == null ? List.of(message) : List.of(message, operand);
        }

        /** One line: the message, the operand after a colon. */
        public String line() {
            return message + (operand == null ? "" : ": " + operand);
        }
    }

    private FlagVerifier() {
    }

    /** Every complaint about one module's flags, in the verifier's order; empty when LLVM accepts them. */
    public static List<Problem> check(List<ModuleFlag> flags) {
        List<Problem> problems = new ArrayList<>();
        Map<String, ModuleFlag> seen = new HashMap<>();
        List<FlagValue.Node> requirements = new ArrayList<>();
        Long platform = null;
        Long version = null;
        for (ModuleFlag flag : flags) {
            Problem p = visit(flag, seen, requirements);
            if (p != null) {
                problems.add(p);
            }
            if (flag.value() instanceof FlagValue.Int i && flag.key().equals("aarch64-elf-pauthabi-platform")) {
                platform = i.value();
            } else if (flag.value() instanceof FlagValue.Int i && flag.key().equals("aarch64-elf-pauthabi-version")) {
                version = i.value();
            }
        }
        if ((platform == null) != (version == null)) {
            problems.add(new Problem("aarch64-elf-pauthabi-platform", "either both or no 'aarch64-elf-pauthabi-platform'"
                    + " and 'aarch64-elf-pauthabi-version' module flags must be present", null, false));
        }
        for (FlagValue.Node requirement : requirements) {
            FlagValue.Str name = (FlagValue.Str) requirement.operands().get(0);
            ModuleFlag required = seen.get(name.text());
            if (required == null) {
                problems.add(new Problem(name.text(), "invalid requirement on flag, flag is not present in module",
                        name.llvmText(), false));
            } else if (!required.value().equals(requirement.operands().get(1))) {
                problems.add(new Problem(name.text(), "invalid requirement on flag, flag does not have the required value",
                        name.llvmText(), false));
            }
        }
        return problems;
    }

    // visitModuleFlag: the first failed Check ends the flag's checks, as the Check macro returns.
    private static Problem visit(ModuleFlag flag, Map<String, ModuleFlag> seen, List<FlagValue.Node> requirements) {
        String key = flag.key();
        FlagValue value = flag.value();
        FlagValue.Damaged damage = value.damage();
        if (damage != null) {
            return new Problem(key, "module flag '" + key + "' has a value no compiler writes (" + damage.why() + ")",
                    null, true);
        }
        int behavior = flag.behavior();
        if (behavior < FlagBehavior.ERROR.id() || behavior > FlagBehavior.MIN.id()) {
            return new Problem(key, "invalid behavior operand in module flag (unexpected constant)", "i32 " + behavior,
                    false);
        }
        if (behavior == FlagBehavior.MIN.id()) {
            boolean nonNegative = value instanceof FlagValue.Int i && (i.width() == 1 ? i.value() == 0 : i.value() >= 0)
                    || value instanceof FlagValue.Constant c && WIDE_INTEGER.matcher(c.text()).matches()
                    && !c.text().contains("-");
            if (!nonNegative) {
                return operandProblem(key, "invalid value for 'min' module flag (expected constant non-negative integer)",
                        value);
            }
        } else if (behavior == FlagBehavior.MAX.id()) {
            if (!integer(value)) {
                return operandProblem(key, "invalid value for 'max' module flag (expected constant integer)", value);
            }
        } else if (behavior == FlagBehavior.REQUIRE.id()) {
            if (!(value instanceof FlagValue.Node pair) || pair.operands().size() != 2) {
                return operandProblem(key, "invalid value for 'require' module flag (expected metadata pair)", value);
            }
            if (!(pair.operands().get(0) instanceof FlagValue.Str)) {
                return operandProblem(key, "invalid value for 'require' module flag"
                        + " (first value operand should be a string)", pair.operands().get(0));
            }
            requirements.add(pair);
        } else if (behavior == FlagBehavior.APPEND.id() || behavior == FlagBehavior.APPEND_UNIQUE.id()) {
            if (!(value instanceof FlagValue.Node)) {
                return operandProblem(key, "invalid value for 'append'-type module flag (expected a metadata node)", value);
            }
        }
        if (behavior != FlagBehavior.REQUIRE.id() && seen.putIfAbsent(key, flag) != null) {
            return new Problem(key, "module flag identifiers must be unique (or of 'require' type)",
                    FlagValue.Str.of(key).llvmText(), false);
        }
        if ((key.equals("wchar_size") || key.equals("SemanticInterposition")) && !integer(value)) {
            return new Problem(key, key + " metadata requires constant integer argument", null, false);
        }
        if (key.equals("CG Profile")) {
            return cgProfile(key, value);
        }
        return null;
    }

    // visitModuleFlagCGProfileEntry, for each operand of the node (LLVM casts the value to a node).
    private static Problem cgProfile(String key, FlagValue value) {
        if (!(value instanceof FlagValue.Node node)) {
            // LLVM casts without checking and crashes; these words are ltocheck's.
            return operandProblem(key, "'CG Profile' module flag is not a node (LLVM's verifier crashes on it)", value);
        }
        for (FlagValue entry : node.operands()) {
            if (!(entry instanceof FlagValue.Node triple) || triple.operands().size() != 3) {
                return operandProblem(key, "expected a MDNode triple", entry);
            }
            for (int k = 0; k < 2; k++) {
                FlagValue f = triple.operands().get(k);
                if (!(f instanceof FlagValue.Null || f instanceof FlagValue.Constant)) {
                    return operandProblem(key, "expected a Function or null", f);
                }
            }
            if (!integer(triple.operands().get(2))) {
                return operandProblem(key, "expected an integer constant", triple.operands().get(2));
            }
        }
        return null;
    }

    private static boolean integer(FlagValue value) {
        return value instanceof FlagValue.Int
                || value instanceof FlagValue.Constant c && WIDE_INTEGER.matcher(c.text()).matches();
    }

    private static Problem operandProblem(String key, String message, FlagValue operand) {
        return new Problem(key, message, operand.llvmText(), false);
    }
}
