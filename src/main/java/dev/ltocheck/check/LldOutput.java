package dev.ltocheck.check;

import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.llvm.LldVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * What the user's own ld.lld does with this link, in its own words: LLVM decides the verdicts
 * (LLVM 20's IRMover, see {@link LinkCheck}); this turns them into the lines and the outcome of
 * the modelled version, as observed with Debian's ld.lld 15, 16, 19, 22 and the bundled 20.
 *
 * <p>Bitcode newer than that lld: a module whose summary version it does not read, from a producer
 * not newer than lld itself, gets {@code Invalid summary version N. ...} and is left out of the thin
 * link while the link goes on (observed with ld.lld 22 and a version-13 summary); a module from a
 * newer producer whose summary it does not read stops lld at reading, in words that depend on what
 * is new in its IR (observed: clang 22 objects with ld.lld 15, 16, 19).
 *
 * @param lines     the lines in that version's words, every one ({@code --error-limit=0},
 *                  {@code --thinlto-jobs=1} order): the summary refusals, then the import errors of
 *                  the modules left; where lld aborts, the candidates, of which it prints the first a
 *                  backend thread reaches (sometimes a few); empty when lld stops at reading
 * @param newer     modules written by an LLVM newer than the modelled lld
 * @param broken    the lines of the first module whose flags LLVM's verifier rejects, where lld stops
 *                  (LLVM 20's words: not observed per version), printed after {@code lines}
 */
public record LldOutput(LldVersion version, List<String> lines, List<NewerModule> newer, List<String> broken) {
    private static final String ERROR = "ld.lld: error: ";

    /**
     * A module from a newer LLVM than the modelled lld.
     *
     * @param producerNewer  its producer's major version is above lld's
     * @param summaryRefused its summary version is above what lld reads
     */
    public record NewerModule(String module, String producer, int summaryVersion, boolean producerNewer,
                              boolean summaryRefused) {
        /** lld stops reading at it: new IR it may not parse, and a summary it cannot. */
        boolean stopsLld() {
            return producerNewer && summaryRefused;
        }
    }

    public static LldOutput of(CheckResult result, LldVersion version) {
        List<NewerModule> newer = new ArrayList<>();
        List<ThinModule> all = new ArrayList<>(result.imports().modules());
        all.addAll(result.imports().regular());
        for (ThinModule m : all) {
            boolean producerNewer = producerMajor(m.summary().producer()) > version.major();
            boolean summaryRefused = m.summary().version() > version.newestSummaryVersion();
            if (summaryRefused || producerNewer) {
                newer.add(new NewerModule(m.name(), m.summary().producer(), m.summary().version(), producerNewer,
                        summaryRefused));
            }
        }
        List<String> lines = new ArrayList<>();
        if (newer.stream().noneMatch(NewerModule::stopsLld)) {
            java.util.Set<String> leftOut = new java.util.HashSet<>();
            for (NewerModule m : newer) {
                if (m.summaryRefused()) {
                    leftOut.add(m.module());
                    lines.add(ERROR + "Invalid summary version " + m.summaryVersion() + ". Version should be in the range [1-"
                            + version.newestSummaryVersion() + "].");
                }
            }
            for (LldLine line : result.lldLines()) {
                if (!leftOut.contains(line.module()) && !leftOut.contains(line.source())) {
                    lines.add(words(line, version));
                }
            }
        }
        List<String> broken = result.broken().stream().filter(BrokenModule::rejectedByLlvm).findFirst()
                .map(BrokenModule::lldLines).orElse(List.of());
        return new LldOutput(version, List.copyOf(lines), List.copyOf(newer), List.copyOf(broken));
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

    /**
     * The GUID this lld gives an import: LLVM 20's, except a promoted local's under lld 15-18,
     * whose identifier joins its source file name and its name with ':' (see
     * {@link LldVersion#localGuidDelimiter()}).
     */
    public long guid(dev.ltocheck.imports.Import i, ThinModule from) {
        if (i.promoted().equals(i.name()) || version.localGuidDelimiter() == ';') {
            return i.guid();
        }
        String name = i.name().startsWith("\u0001") ? i.name().substring(1) : i.name();
        String file = from.summary().sourceFilename();
        return dev.ltocheck.summary.Guid.of((file.isEmpty() ? "<unknown>" : file) + version.localGuidDelimiter() + name);
    }

    static int producerMajor(String producer) {
        return dev.ltocheck.summary.ProducerVersion.major(producer);
    }

    /** lld stops at reading a member from a newer LLVM: no import is ever tried, its words are not known. */
    public boolean refused() {
        return newer.stream().anyMatch(NewerModule::stopsLld);
    }

    private long summariesLeftOut() {
        return newer.stream().filter(m -> m.summaryRefused() && !m.stopsLld()).count();
    }

    public boolean fails() {
        return refused() || !lines.isEmpty() || !broken.isEmpty();
    }

    /** lld dies at the first failing ThinLTO import (full-LTO merge errors are ordinary errors in every version). */
    public boolean aborts() {
        return !refused() && lines.stream().anyMatch(l -> l.startsWith("LLVM ERROR: "));
    }

    /** lld's exit status: 0, 1, or 134 (SIGABRT) where it aborts. */
    public int exitStatus() {
        return !fails() ? 0 : aborts() ? 134 : 1;
    }

    /** The lines as lld prints them with an error limit (0: none); aborting versions have no limit to reach. */
    public List<String> printed(int errorLimit) {
        List<String> printed = new ArrayList<>();
        if (errorLimit <= 0 || lines.size() <= errorLimit || aborts()) {
            printed.addAll(lines);
        } else {
            printed.addAll(lines.subList(0, errorLimit));
            printed.add(ERROR + "too many errors emitted, stopping now (use --error-limit=0 to see all errors)");
        }
        printed.addAll(broken);
        return printed;
    }

    /** What the modelled lld does, in one sentence: the first thing a report says. */
    public String statement() {
        String lld = "ld.lld " + version;
        String inferred = version.observed() ? "" : " (ld.lld " + version.major() + " not observed: modelled as "
                + (version.major() < 19 ? "16" : version.major() < 20 ? "19" : "20-22") + ")";
        String newerPart = "";
        if (!newer.isEmpty()) {
            NewerModule first = newer.stream().filter(NewerModule::stopsLld).findFirst()
                    .or(() -> newer.stream().filter(NewerModule::summaryRefused).findFirst()).orElse(newer.get(0));
            long count = refused() ? newer.stream().filter(NewerModule::stopsLld).count()
                    : summariesLeftOut() > 0 ? summariesLeftOut() : newer.size();
            String which = count == 1 ? first.module() : count + " modules (first " + first.module() + ")";
            String from = which + " written by " + (first.producer().isEmpty() ? "an unknown producer" : first.producer())
                    + " (summary version " + first.summaryVersion() + "; " + lld + " reads 1-"
                    + version.newestSummaryVersion() + ")";
            if (refused()) {
                return lld + " refuses the link before any import: " + from + "; it stops at the first such member with an"
                        + " error naming it and '(Producer: '" + first.producer() + "' Reader: 'LLVM " + version
                        + "')', or 'ld.lld: error: Invalid summary version " + first.summaryVersion()
                        + ". Version should be in the range [1-" + version.newestSummaryVersion() + "].', exit status 1"
                        + inferred + ". What follows is read by ltocheck's own readers, for when it is rebuilt.";
            }
            if (summariesLeftOut() > 0) {
                newerPart = lld + " cannot read the summary of " + from + ": it prints 'ld.lld: error: Invalid summary"
                        + " version " + first.summaryVersion() + ". Version should be in the range [1-"
                        + version.newestSummaryVersion() + "].'" + (count > 1 ? " for each" : "")
                        + ", leaves " + (count > 1 ? "them" : "it") + " out of the thin link and goes on (ltocheck reads "
                        + (count > 1 ? "them" : "it") + " with its own readers); ";
            } else {
                newerPart = lld + " may refuse " + from + ": bitcode from a newer LLVM is read by an older one only when"
                        + " nothing new is in it (else lld names the member and 'Producer: ... Reader: LLVM " + version
                        + "'); ";
            }
            lld = "then it";
        }
        if (!fails()) {
            return newerPart + lld + " links this: no import crosses conflicting module flags" + inferred + ".";
        }
        long importLines = lines.stream().filter(l -> !l.contains("Invalid summary version")).count();
        if (aborts()) {
            return newerPart + lld + " aborts at the first failing import, one of these " + importLines
                    + " (LLVM ERROR, a crash report, exit status 134; with several threads a few may print first)"
                    + inferred + ".";
        }
        String stop = lines.size() > CheckResult.LLD_ERROR_LIMIT ? " and stops after " + CheckResult.LLD_ERROR_LIMIT : "";
        return newerPart + lld + " fails: it prints " + lines.size() + (lines.size() == 1 ? " error" : " errors") + stop
                + ", exit status 1" + inferred + ".";
    }
}
