package dev.ltocheck.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A module-level USELIST_BLOCK record naming a value the module does not have: LLVM 20 reads
 * ValueList[id] unchecked and crashes in BitcodeReader::parseUseLists (input 139,682 of the
 * 200,000-input campaign, seed 1: a bit flip in a sample member, committed as found). ltocheck's
 * own walk refuses it first: one line, and LLVM never sees it.
 */
class UseListDamageTest {
    private static final Path DAMAGED = Path.of("src/test/resources/hostile/uselist-value-out-of-range.o").toAbsolutePath();

    @Test
    void aUseListOfAValueThatDoesNotExistIsOneLineNotACrash() {
        CliRunner.Run run = CliRunner.run("check", "--no-cache", "-mllvm", "-import-instr-limit=5", DAMAGED.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(List.of("ltocheck: " + DAMAGED + ": not valid bitcode, not given to LLVM: MODULE_BLOCK > USELIST_BLOCK:"
                        + " use-list order of value 100, outside the module's 4 values",
                "ltocheck: no input could be read"), run.err().lines().toList());
    }
}
