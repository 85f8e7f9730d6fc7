package dev.ltocheck.report;

import dev.ltocheck.check.FailingImport;

import java.util.List;

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
}
