package dev.ltocheck.report;

import dev.ltocheck.check.BrokenModule;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LldOutput;
import dev.ltocheck.text.Plural;

/**
 * Line 1 of every check-like report: the verdict, and what was modelled. One record so that the
 * pieces other parts know (which ld.lld is modelled, where the link's options came from) are
 * filled in one place and rendered in one place; text prints it first, formats that must equal
 * lld's output byte for byte print it on stderr, JSON carries its fields.
 *
 * @param outcome     what the check concluded
 * @param errors      the error lines ld.lld prints with --error-limit=0 (0 when none)
 * @param errorLimit  lld's default --error-limit
 * @param broken      modules LLVM's verifier rejects (lld stops at the first)
 * @param unread      inputs that were not read
 * @param unmodelled  modules with a flag value ltocheck cannot model
 * @param lld         the linker modelled, for a reader ("ld.lld 20.1.7")
 * @param modelling   which link: the file or command it was taken from (".vmlinux.o.cmd")
 * @param optionsFrom where the link's options came from when not from {@code modelling} itself, or null
 * @param lldSays     what the modelled lld does when it is more than a count of errors (it aborts at the
 *                    first failing import, or meets bitcode newer than it reads), as the verdict; or null
 */
public record Headline(Outcome outcome, int errors, int errorLimit, int broken, int unread, int unmodelled,
                       String lld, String modelling, String optionsFrom, String lldSays) {

    public Headline(Outcome outcome, int errors, int errorLimit, int broken, int unread, int unmodelled,
                    String lld, String modelling, String optionsFrom) {
        this(outcome, errors, errorLimit, broken, unread, unmodelled, lld, modelling, optionsFrom, null);
    }

    public enum Outcome { FAILS, PASSES, INCOMPLETE, UNMODELLED }

    /** The headline of a check result, with the modelled lld's outcome; {@code optionsFrom} as the caller knows it. */
    public static Headline of(CheckReport report, String optionsFrom) {
        CheckResult r = report.result();
        LldOutput lld = report.lld();
        int broken = (int) r.broken().stream().filter(BrokenModule::rejectedByLlvm).count();
        int unread = report.coverage().skipped().size();
        Outcome outcome = r.linkFails() || lld.fails() ? Outcome.FAILS
                : !r.unmodelled().isEmpty() ? Outcome.UNMODELLED
                : unread > 0 ? Outcome.INCOMPLETE : Outcome.PASSES;
        String says = null;
        if (!lld.newer().isEmpty()) {
            says = lld.statement(); // what the user's lld does with newer bitcode comes before what we read
        } else if (lld.aborts() || lld.refused()) {
            says = "The link fails: " + lld.statement();
        }
        int errors = (int) lld.lines().stream().filter(l -> !l.contains("Invalid summary version")).count();
        return new Headline(outcome, errors, CheckResult.LLD_ERROR_LIMIT, broken, unread, r.unmodelled().size(),
                "ld.lld " + lld.version(), report.linkOrigin(), optionsFrom, says);
    }

    public Headline withLld(String lld) {
        return new Headline(outcome, errors, errorLimit, broken, unread, unmodelled, lld, modelling, optionsFrom, lldSays);
    }

    public Headline withOptionsFrom(String optionsFrom) {
        return new Headline(outcome, errors, errorLimit, broken, unread, unmodelled, lld, modelling, optionsFrom, lldSays);
    }

    /** The one line. */
    public String line() {
        String from = optionsFrom == null ? "" : ", options from " + optionsFrom;
        if (lldSays != null) {
            return lldSays.endsWith(".") ? lldSays + " Modelling " + modelling + from + "."
                    : lldSays + ", modelling " + modelling + from;
        }
        String verdict = switch (outcome) {
            case FAILS -> "The link fails: " + (broken > 0 ? brokenText() : errorText());
            case PASSES -> "The link passes: no import crosses conflicting module flags (" + lld + ")";
            case INCOMPLETE -> "The link may fail: " + Plural.count(unread, "input")
                    + " not read, no import crosses conflicting module flags among the rest (" + lld + ")";
            case UNMODELLED -> "ltocheck cannot check this link: " + Plural.count(unmodelled, "module")
                    + (unmodelled == 1 ? " carries" : " carry") + " a module flag value no compiler writes ("
                    + lld + " links it)";
        };
        return verdict + ", modelling " + modelling + (optionsFrom == null ? "" : ", options from " + optionsFrom);
    }

    private String errorText() {
        String shown = errors > errorLimit ? lld + " prints " + errorLimit
                : errors == 1 ? lld + " prints it" : lld + " prints all " + errors;
        return Plural.count(errors, "error") + " (" + shown + ")";
    }

    private String brokenText() {
        return lld + " stops at a broken module (" + Plural.count(broken, "module")
                + " whose module flags LLVM's verifier rejects" + (errors == 0 ? ""
                : "; before it, " + Plural.count(errors, "import error")) + ")";
    }

    public boolean fails() {
        return outcome == Outcome.FAILS;
    }
}
