package dev.ltocheck.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Line 1's wording in each case, and the fields other parts fill (the linker, where the options came from). */
class HeadlineTest {
    private static Headline fails(int errors) {
        return new Headline(Headline.Outcome.FAILS, errors, 20, 0, 0, 0, "ld.lld 20.1.7", ".vmlinux.o.cmd", null);
    }

    @Test
    void errorsAgainstLldsLimit() {
        assertEquals("The link fails: 274 errors (ld.lld 20.1.7 prints 20), modelling .vmlinux.o.cmd", fails(274).line());
        assertEquals("The link fails: 3 errors (ld.lld 20.1.7 prints all 3), modelling .vmlinux.o.cmd", fails(3).line());
        assertEquals("The link fails: 1 error (ld.lld 20.1.7 prints it), modelling .vmlinux.o.cmd", fails(1).line());
    }

    @Test
    void otherPartsFillTheLinkerAndTheOptionsOrigin() {
        assertEquals("The link fails: 22 errors (ld.lld 19.1.0 prints 20), modelling vmlinux.a, options from .vmlinux.o.cmd",
                new Headline(Headline.Outcome.FAILS, 22, 20, 0, 0, 0, "ld.lld 20.1.7", "vmlinux.a", null)
                        .withLld("ld.lld 19.1.0").withOptionsFrom(".vmlinux.o.cmd").line());
    }

    @Test
    void passesIncompleteAndBroken() {
        assertEquals("The link passes: no import crosses conflicting module flags (ld.lld 20.1.7), modelling the command line",
                new Headline(Headline.Outcome.PASSES, 0, 20, 0, 0, 0, "ld.lld 20.1.7", "the command line", null).line());
        assertEquals("The link may fail: 2 inputs not read, no import crosses conflicting module flags among the rest"
                        + " (ld.lld 20.1.7), modelling the command line",
                new Headline(Headline.Outcome.INCOMPLETE, 0, 20, 0, 2, 0, "ld.lld 20.1.7", "the command line", null).line());
        assertEquals("The link fails: ld.lld 20.1.7 stops at a broken module (1 module whose module flags LLVM's verifier"
                        + " rejects; before it, 2 import errors), modelling the command line",
                new Headline(Headline.Outcome.FAILS, 2, 20, 1, 0, 0, "ld.lld 20.1.7", "the command line", null).line());
    }

    @Test
    void colourOnlyWhenAsked() {
        assertEquals("x", TextStyle.PLAIN.red("x"));
        assertEquals("\u001b[1;31mx\u001b[0m", new TextStyle(true).red("x"));
    }
}
