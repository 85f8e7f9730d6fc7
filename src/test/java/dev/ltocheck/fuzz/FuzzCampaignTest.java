package dev.ltocheck.fuzz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A campaign from the test run: skipped unless -Dltocheck.fuzz.inputs=N is given (scripts/fuzz
 * runs the driver directly). The shards are JVMs of their own, so a death is counted, not fatal
 * to this test; the assertion is on the counts the driver took from the shards' records and exit
 * statuses.
 */
class FuzzCampaignTest {

    @Test
    void campaign() throws Exception {
        long inputs = Long.getLong("ltocheck.fuzz.inputs", 0);
        Assumptions.assumeTrue(inputs > 0, "run through scripts/fuzz, or give -Dltocheck.fuzz.inputs=N");
        CampaignDriver.Options options = CampaignDriver.Options.parse(new String[] {
            "--inputs", Long.toString(inputs), "--seed", Long.toString(Long.getLong("ltocheck.fuzz.seed", 1)),
            "--shards", Integer.toString(Integer.getInteger("ltocheck.fuzz.shards", 2)),
            "--out", Path.of("target/fuzz").toString()});
        CampaignSummary summary = CampaignDriver.run(options);
        System.out.println(summary.text());
        assertTrue(summary.clean(), summary.text());
    }
}
