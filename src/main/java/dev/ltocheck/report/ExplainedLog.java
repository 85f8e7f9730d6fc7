package dev.ltocheck.report;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.imports.ThinModule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A build log's module-flag error lines matched against the analysed link.
 *
 * @param lines    every error line of the log, in its order
 * @param notInLog failing import pairs lld would name that the log does not (it stops after its limit)
 */
public record ExplainedLog(List<Line> lines, List<FailingImport> notInLog) {

    /**
     * One line of the log.
     *
     * @param text    the line as the log has it
     * @param matched the failing import pair it names, or null (full LTO, or not in the analysed link)
     * @param fullLto a full-LTO line (ld-temp.o)
     */
    public record Line(String text, FailingImport matched, boolean fullLto) {
        public boolean unknown() {
            return matched == null && !fullLto;
        }
    }

    public long unmatched() {
        return lines.stream().filter(Line::unknown).count();
    }

    /** Each error line of the log, matched to the failing import pair it names. */
    public static ExplainedLog of(CheckResult result, List<String> lines) {
        List<ExplainedLog.Line> matched = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (String line : lines) {
            Optional<LldLogLine> parsed = LldLogLine.parse(line);
            if (parsed.isEmpty()) {
                continue;
            }
            LldLogLine l = parsed.get();
            if (l.fullLto()) {
                matched.add(new ExplainedLog.Line(l.line(), null, true));
                continue;
            }
            Optional<FailingImport> failing = find(result, l);
            failing.ifPresent(f -> explained.add(key(f.into(), f.from())));
            matched.add(new ExplainedLog.Line(l.line(), failing.orElse(null), false));
        }
        List<FailingImport> unprinted = matched.isEmpty() ? List.of() : result.errors().stream()
                .filter(f -> !explained.contains(key(f.into(), f.from())))
                .filter(FailingImport::shownByLld).toList();
        return new ExplainedLog(List.copyOf(matched), unprinted);
    }

    private static Optional<FailingImport> find(CheckResult result, LldLogLine l) {
        String dst = LldLogLine.memberPart(l.destination());
        String src = LldLogLine.memberPart(l.source());
        return result.errors().stream()
                .filter(f -> LldLogLine.memberPart(f.into().name()).equals(dst)
                        && LldLogLine.memberPart(f.from().name()).equals(src))
                .findFirst();
    }

    private static String key(ThinModule into, ThinModule from) {
        return into.name() + "\u0000" + from.name();
    }
}
