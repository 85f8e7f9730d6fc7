package dev.ltocheck.check;

import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.llvm.LldVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user's own ld.lld does with this link, in its own words: LLVM decides the verdicts
 * (LLVM 20's IRMover, see {@link LinkCheck}); this turns them into the lines and the outcome of
 * the modelled version, as observed with Debian's ld.lld 15, 16, 19, 22 and the bundled 20.
 *
 * @param lines     the error lines in that version's words, every one ({@code --error-limit=0},
 *                  {@code --thinlto-jobs=1} order); where lld aborts, the candidates, of which it
 *                  prints the first that a backend thread reaches (sometimes a few)
 * @param newer     modules written by an LLVM newer than the modelled lld, which it may refuse
 * @param refusal   lines lld prints for the modules it certainly refuses (summary version too new);
 *                  such a link fails before any import, and {@code lines} never appear
 */
public record LldOutput(LldVersion version, List<String> lines, List<NewerModule> newer, List<String> refusal) {
    private static final String ERROR = "ld.lld: error: ";
    private static final Pattern PRODUCER_MAJOR = Pattern.compile("^LLVM(\\d+)\\.");

    /** A module from a newer LLVM than the modelled lld. */
    public record NewerModule(String module, String producer, int summaryVersion, boolean summaryRefused) {
    }

    public static LldOutput of(CheckResult result, LldVersion version) {
        List<String> lines = new ArrayList<>();
        for (LldLine line : result.lldLines()) {
            lines.add(words(line, version));
        }
        List<NewerModule> newer = new ArrayList<>();
        List<String> refusal = new ArrayList<>();
        List<ThinModule> all = new ArrayList<>(result.imports().modules());
        all.addAll(result.imports().regular());
        for (ThinModule m : all) {
            int producerMajor = producerMajor(m.summary().producer());
            int summaryVersion = m.summary().version();
            boolean summaryRefused = summaryVersion > version.newestSummaryVersion();
            if (summaryRefused || producerMajor > version.major()) {
                newer.add(new NewerModule(m.name(), m.summary().producer(), summaryVersion, summaryRefused));
            }
            if (summaryRefused) {
                refusal.add(ERROR + "Invalid summary version " + summaryVersion + ". Version should be in the range [1-"
                        + version.newestSummaryVersion() + "].");
            }
        }
        return new LldOutput(version, List.copyOf(lines), List.copyOf(newer), List.copyOf(refusal));
    }

    /** One of LLVM 20's lines in the words of {@code version}. */
    static String words(LldLine line, LldVersion version) {
        String text = line.text();
        if (!version.namesConflictingValues()) {
            String key = LinkCheck.key(text);
            String head = "linking module flags '" + key + "': IDs have conflicting values: ";
            int at = text.indexOf(head);
            if (at >= 0) {
                text = text.substring(0, at) + "linking module flags '" + key + "': IDs have conflicting values in '"
                        + line.source() + "' and '" + line.module() + "'";
            }
        }
        if (version.abortsOnFailingImport() && line.thinImport()) {
            text = "LLVM ERROR: " + text.substring(ERROR.length());
        }
        return text;
    }

    /** One line in this version's words. */
    public String words(LldLine line) {
        return words(line, version);
    }

    static int producerMajor(String producer) {
        Matcher m = PRODUCER_MAJOR.matcher(producer);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** lld stops reading before any import: a module's summary is newer than it reads. */
    public boolean refused() {
        return !refusal.isEmpty();
    }

    public boolean fails() {
        return refused() || !lines.isEmpty();
    }

    /** lld dies at the first failing ThinLTO import (full-LTO merge errors are ordinary errors in every version). */
    public boolean aborts() {
        return !refused() && version.abortsOnFailingImport() && lines.stream().anyMatch(l -> l.startsWith("LLVM ERROR: "));
    }

    /** lld's exit status: 0, 1, or 134 (SIGABRT) where it aborts. */
    public int exitStatus() {
        return !fails() ? 0 : aborts() ? 134 : 1;
    }

    /** The lines as lld prints them with an error limit (0: none); aborting versions have no limit to reach. */
    public List<String> printed(int errorLimit) {
        List<String> shown = refused() ? refusal : lines;
        if (errorLimit <= 0 || shown.size() <= errorLimit || aborts()) {
            return shown;
        }
        List<String> cut = new ArrayList<>(shown.subList(0, errorLimit));
        cut.add(ERROR + "too many errors emitted, stopping now (use --error-limit=0 to see all errors)");
        return cut;
    }

    /** What the modelled lld does, in one sentence: the first thing a report says. */
    public String statement() {
        String lld = "ld.lld " + version;
        String inferred = version.observed() ? "" : " (ld.lld " + version.major() + " not observed: modelled as "
                + (version.major() < 19 ? "16" : version.major() < 20 ? "19" : "20-22") + ")";
        if (!newer.isEmpty()) {
            NewerModule first = newer.get(0);
            String which = newer.size() == 1 ? first.module() : newer.size() + " modules (first " + first.module() + ")";
            String from = which + " written by " + (first.producer().isEmpty() ? "an unknown producer" : first.producer())
                    + " (summary version " + first.summaryVersion() + "; " + lld + " reads 1-"
                    + version.newestSummaryVersion() + ")";
            if (refused()) {
                return lld + " refuses the link before any import: " + from + "; it prints '" + refusal.get(0) + "'"
                        + (refusal.size() > 1 ? " and " + (refusal.size() - 1) + " more" : "") + ", exit status 1"
                        + inferred + ". What follows is read by ltocheck's own readers, for when it is rebuilt.";
            }
            return lld + " may refuse " + from + ": bitcode from a newer LLVM is read by an older one only when nothing"
                    + " new is in it (it then names the member and 'Producer: ... Reader: LLVM " + version + "')"
                    + inferred + ".";
        }
        if (!fails()) {
            return lld + " links this: no import crosses conflicting module flags" + inferred + ".";
        }
        if (aborts()) {
            return lld + " aborts at the first failing import, one of these " + lines.size()
                    + " (LLVM ERROR, a crash report, exit status 134; with several threads a few may print first)"
                    + inferred + ".";
        }
        String stop = lines.size() > CheckResult.LLD_ERROR_LIMIT ? " and stops after " + CheckResult.LLD_ERROR_LIMIT : "";
        return lld + " fails: it prints " + lines.size() + (lines.size() == 1 ? " error" : " errors") + stop
                + ", exit status 1" + inferred + ".";
    }
}
