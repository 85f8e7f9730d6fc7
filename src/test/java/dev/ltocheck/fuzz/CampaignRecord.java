package dev.ltocheck.fuzz;

/**
 * What became of one campaign input: one tab-separated line of a shard's records file, written
 * by the shard after the input (outcomes it can see) or by the driver after the shard's process
 * ended or was stopped on it (deaths, hangs).
 *
 * @param exitCode ltocheck's exit code; for a death, the shard process's exit status (128 + the
 *                 signal when a signal ended it, as Java reports it); for a hang, -1
 * @param millis   how long the input ran (for a death or a hang, until the driver saw it end)
 * @param detail   one line: the first problem line, the exception, or the shard's last words
 */
record CampaignRecord(long index, Outcome outcome, int exitCode, long millis, String description, String detail) {

    enum Outcome {
        /** Read and analysed: exit 0 (the link passes) or 1 (it fails). */
        ANALYSED,
        /** Refused by ltocheck's own readers, one line each: exit 2 or 3. */
        REJECTED,
        /** Refused by libLLVM and caught by ltocheck's diagnostic handler, one line each: exit 2 or 3. */
        CONTAINED,
        /** ltocheck's internal error (exit 70), an exception out of the CLI, or a problem that is not one line. */
        UNCAUGHT,
        /** The shard's JVM ended during the input. */
        DEATH,
        /** The input ran past the driver's bound: the shard was killed. */
        HANG
    }

    String line() {
        return index + "\t" + outcome + "\t" + exitCode + "\t" + millis + "\t" + oneLine(description) + "\t"
                + oneLine(detail) + "\n";
    }

    static CampaignRecord parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("not a campaign record: " + line);
        }
        return new CampaignRecord(Long.parseLong(f[0]), Outcome.valueOf(f[1]), Integer.parseInt(f[2]),
                Long.parseLong(f[3]), f[4], f[5]);
    }

    static String oneLine(String s) {
        String flat = s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
    }
}
