package dev.ltocheck.fuzz;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * A campaign's counts, from this run's records alone.
 *
 * @param missing inputs with no record (a bug of the driver: the campaign is then not clean)
 * @param slowest the slowest input that ended (neither a death nor a hang), if any
 * @param failures every death, hang and uncaught exception, in input order
 */
record CampaignSummary(long seed, long inputs, double seconds, Map<CampaignRecord.Outcome, Long> counts,
                       long missing, int restarts, Optional<CampaignRecord> slowest, List<CampaignRecord> failures) {

    static CampaignSummary of(long seed, long inputs, double seconds, List<CampaignRecord> records, int restarts) {
        Map<CampaignRecord.Outcome, Long> counts = records.stream()
                .collect(Collectors.groupingBy(CampaignRecord::outcome, Collectors.counting()));
        Set<Long> seen = new TreeSet<>();
        records.forEach(r -> seen.add(r.index()));
        long missing = LongStream.range(0, inputs).filter(i -> !seen.contains(i)).count();
        Optional<CampaignRecord> slowest = records.stream()
                .filter(r -> r.outcome() != CampaignRecord.Outcome.DEATH && r.outcome() != CampaignRecord.Outcome.HANG)
                .max(Comparator.comparingLong(CampaignRecord::millis));
        List<CampaignRecord> failures = records.stream()
                .filter(r -> r.outcome() == CampaignRecord.Outcome.DEATH || r.outcome() == CampaignRecord.Outcome.HANG
                        || r.outcome() == CampaignRecord.Outcome.UNCAUGHT)
                .sorted(Comparator.comparingLong(CampaignRecord::index)).toList();
        return new CampaignSummary(seed, inputs, seconds, counts, missing, restarts, slowest, failures);
    }

    long count(CampaignRecord.Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    /** Every input has a record and none died, hung or threw. */
    boolean clean() {
        return missing == 0 && failures.isEmpty();
    }

    String text() {
        Function<CampaignRecord.Outcome, Long> n = this::count;
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT,
                "fuzz: seed %d, %d inputs in %.0f s: %d analysed, %d rejected with one-line problems,"
                        + " %d contained (libLLVM refused them, one line each), %d JVM deaths, %d hangs,"
                        + " %d uncaught exceptions", seed, inputs - missing, seconds, n.apply(CampaignRecord.Outcome.ANALYSED),
                n.apply(CampaignRecord.Outcome.REJECTED), n.apply(CampaignRecord.Outcome.CONTAINED),
                n.apply(CampaignRecord.Outcome.DEATH), n.apply(CampaignRecord.Outcome.HANG),
                n.apply(CampaignRecord.Outcome.UNCAUGHT)));
        slowest.ifPresent(r -> s.append(String.format(java.util.Locale.ROOT, "; slowest input %d ms (%d: %s)",
                r.millis(), r.index(), r.description())));
        s.append("; ").append(restarts).append(restarts == 1 ? " shard restart" : " shard restarts");
        if (missing > 0) {
            s.append("; ").append(missing).append(" of ").append(inputs).append(" inputs have no record");
        }
        for (CampaignRecord f : failures) {
            s.append("\n  ").append(f.outcome().name().toLowerCase(java.util.Locale.ROOT)).append(" on input ")
                    .append(f.index()).append(" (").append(f.description()).append(")");
            if (f.outcome() == CampaignRecord.Outcome.DEATH) {
                s.append(", exit status ").append(f.exitCode())
                        .append(f.exitCode() > 128 ? " (signal " + (f.exitCode() - 128) + ")" : "");
            }
            s.append(": ").append(f.detail());
        }
        return s.toString();
    }
}
