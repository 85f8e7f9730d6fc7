package dev.ltocheck.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The campaign driver counts what really happened to its shard JVMs: a JVM that halts mid-input
 * (as LLVM's abort does) is one death counted from its exit status, a shard stuck on one input is
 * killed and counted as a hang, an exception is counted, and each time the shard resumes after
 * the input; nothing of an earlier campaign is counted.
 */
class CampaignDriverTest {

    @Test
    void deathsHangsAndExceptionsAreCountedAndTheShardsResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fuzz");
        Path deaths = dir.resolve("deaths");
        // A stale campaign's files: none of this may be counted.
        Files.createDirectories(out);
        Files.createDirectories(deaths);
        Files.writeString(out.resolve("shard-0.records"), new CampaignRecord(0, CampaignRecord.Outcome.DEATH, 139, 1,
                "stale", "stale").line());
        Files.writeString(out.resolve("summary.txt"), "fuzz: stale\n");
        Files.writeString(deaths.resolve("0-death.o"), "stale");

        CampaignDriver.Options options = CampaignDriver.Options.parse(new String[] {
            "--inputs", "10", "--shards", "2", "--seed", "7", "--hang-seconds", "15", "--no-handcrafted",
            "--out", out.toString(), "--deaths", deaths.toString(), "--fault", "halt@2,hang@6,throw@8"});
        CampaignSummary summary = CampaignDriver.run(options);

        assertEquals(1, summary.count(CampaignRecord.Outcome.DEATH), summary.text());
        assertEquals(1, summary.count(CampaignRecord.Outcome.HANG), summary.text());
        assertEquals(1, summary.count(CampaignRecord.Outcome.UNCAUGHT), summary.text());
        assertEquals(7, summary.count(CampaignRecord.Outcome.ANALYSED) + summary.count(CampaignRecord.Outcome.REJECTED)
                + summary.count(CampaignRecord.Outcome.CONTAINED), summary.text());
        assertEquals(0, summary.missing(), summary.text());
        assertEquals(2, summary.restarts(), summary.text());
        assertFalse(summary.clean());

        List<CampaignRecord> failures = summary.failures();
        assertEquals(List.of(2L, 6L, 8L), failures.stream().map(CampaignRecord::index).toList());
        assertEquals(134, failures.get(0).exitCode());
        assertTrue(summary.text().contains("1 JVM deaths, 1 hangs, 1 uncaught exceptions"), summary.text());
        assertTrue(summary.text().contains("death on input 2 (" + new CampaignInputs(7, java.util.Map.of())
                .input(2).description() + "), exit status 134"), summary.text());

        // The inputs that ended a shard are kept, byte for byte as the shard made them; the stale one is gone.
        Set<String> kept = new TreeSet<>();
        try (var files = Files.list(deaths)) {
            files.forEach(f -> kept.add(f.getFileName().toString()));
        }
        CampaignInputs inputs = new CampaignInputs(7, java.util.Map.of());
        String two = inputs.input(2).fileName().substring(4);
        String six = inputs.input(6).fileName().substring(4);
        assertEquals(Set.of("2-death" + two, "2-death.txt", "6-hang" + six, "6-hang.txt"), kept);
        assertTrue(java.util.Arrays.equals(inputs.input(2).bytes(), Files.readAllBytes(deaths.resolve("2-death" + two))));
        assertEquals(summary.text() + "\n", Files.readString(out.resolve("summary.txt")));
    }
}
