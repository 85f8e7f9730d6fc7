package dev.ltocheck.kbuild;

import dev.ltocheck.kbuild.MakeExpander.Assignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator against GNU make itself: each makefile's variables as make prints them. */
class MakeExpanderTest {
    @TempDir
    Path dir;

    /** Every variable the makefile assigns, as {@code make} expands it at the end of the file. */
    private Map<String, String> make(String makefile, List<String> names) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder(makefile).append("\n.DEFAULT_GOAL := __print\n__print:\n\t@:\n");
        for (String n : names) {
            text.append("$(info ").append(n).append("=$(strip $(").append(n).append(")))\n");
        }
        Path file = dir.resolve("test.mk");
        Files.writeString(file, text);
        Process p = new ProcessBuilder("make", "-s", "-r", "-R", "--no-print-directory", "-f", file.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private static MakeExpander ours(String makefile) {
        MakeExpander e = new MakeExpander(name -> Optional.empty());
        e.read(List.of(makefile.split("\n", -1)));
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // flavours and appends
            "a = 1\nb := $(a)\na = 2\nc = $(a)\nd += x\nd += $(a)\ne := s\ne += $(a)\nf ?= q\nf ?= r\ng ::= $(e)",
            // kbuild's names: variables in names, obj-$(CONFIG_...), ${} references
            "BITS := 64\nCONFIG_X86_64=y\nCONFIG_FOO=m\nobj-y :=\nobj-y += head_$(BITS).o head${BITS}.o\n"
                    + "obj-$(CONFIG_X86_64) += a.o\nobj-$(CONFIG_FOO) += b.o\nobj-$(CONFIG_BAR) += c.o\nKASAN_SANITIZE_head$(BITS).o := n",
            // substitution references, patsubst, addprefix, filter, sort, foreach, call, if/or/and
            "objs := a.o b.o sub/c.o\nx := $(objs:.o=.c)\ny := $(objs:%.o=%-y)\nz := $(patsubst %.o,%.s,$(objs))\n"
                    + "p := $(addprefix dir/,$(objs))\nq := $(filter %.o,$(objs) d/ e.c)\nr := $(filter-out b.o,$(objs))\n"
                    + "s := $(sort c b a b)\nt := $(foreach m,$(objs),$(m:.o=-objs))\nf = [$(1)|$(2)]\nu := $(call f,x,y)\n"
                    + "v := $(if $(objs),yes,no) $(if ,yes,no) $(or ,,z) $(and a,b)\nw := $(basename $(objs)) $(notdir $(objs)) $(dir $(objs))\n"
                    + "k := $(subst .o,.ll,$(objs)) $(word 2,$(objs)) $(words $(objs)) $(firstword $(objs)) $(lastword $(objs))\n"
                    + "l := $(wordlist 2,3,$(objs)) $(addsuffix .x,a b) $(join a b,1 2) $(suffix a.o b) $(strip  a   b )",
            // conditionals, nested, with else-if chains and every ifeq form
            "CONFIG_A=y\nifdef CONFIG_A\nx := a\nifeq ($(CONFIG_B),y)\nx += b\nelse ifeq ($(CONFIG_A),y)\nx += ab\nelse\nx += c\nendif\n"
                    + "else\nx := none\nendif\nifneq \"$(CONFIG_A)\" \"y\"\ny := 1\nelse\ny := 2\nendif\nifndef CONFIG_B\nz := nb\nendif\n"
                    + "ifeq ('$(x)','a ab')\nw := quoted\nendif\nr = $(empty)\nifdef r\nq := defined-but-empty\nendif",
            // the spaces ifeq keeps and drops around its operands
            "x := a\nifeq ( $(x) , a )\nr1 := yes\nendif\nifeq ($(x) ,a)\nr2 := yes\nendif\nifeq ( a,a)\nr3 := yes\nendif\n"
                    + "ifeq (a,a )\nr4 := yes\nendif\nifeq (a, a)\nr5 := yes\nendif\nifneq (a ,a)\nr6 := no\nelse\nr6 := yes\nendif",
            // comments, continuation lines, export, override, define, rules and recipes skipped
            "x := a # comment\ny := b \\\n     c \\\n  d\nexport z := e\noverride o := f\ndefine multi\nline1\nline2\nendef\n"
                    + "target: dep\n\t@echo recipe := no\nafter := g\nh := \\#notcomment\nfoo.o: CFLAGS += -x\n"
                    + "dollar := $$(x)\nundefine gone\ngone := 1\nundefine gone",
    })
    void variablesEqualMakes(String makefile) throws Exception {
        MakeExpander e = ours(makefile);
        List<String> names = new ArrayList<>(e.names());
        Map<String, String> expected = make(makefile, names);
        Map<String, String> actual = new LinkedHashMap<>();
        names.forEach(n -> actual.put(n, String.join(" ", MakeExpander.words(e.value(n)))));
        assertEquals(expected, actual);
        assertEquals(List.of(), e.uncertainties());
    }

    @Test
    void whatMakeWouldHaveToRunIsUncertainAndTakesBothBranches() {
        MakeExpander e = ours("obj-y :=\nifeq ($(shell uname),Linux)\nobj-y += a.o\nelse\nobj-y += b.o\nendif\n"
                + "ifneq ($(call cc-option,-mfoo),)\nobj-y += c.o\nendif\nobj-y += d.o");
        assertEquals("a.o b.o c.o d.o", String.join(" ", MakeExpander.words(e.value("obj-y"))));
        assertTrue(e.uncertainties().contains("$(shell ...)"), e.uncertainties().toString());
        assertTrue(e.uncertainties().contains("$(call cc-option,...)"), e.uncertainties().toString());
    }

    @Test
    void assignmentsKnowTheirLinesAndTheEndifOfTheirOutermostConditional() {
        MakeExpander e = ours("""
                BITS := 64
                ifdef CONFIG_FUNCTION_TRACER
                CFLAGS_REMOVE_head64.o = -pg
                ifdef CONFIG_X
                CFLAGS_REMOVE_head64.o += -x
                endif
                endif
                CFLAGS_head64.o := -fno-stack-protector \\
                    -fno-foo
                KASAN_SANITIZE_head$(BITS).o := n
                ifeq ($(BITS),64)
                CFLAGS_head64.o += $(PIE_CFLAGS)
                endif""");
        List<Assignment> a = e.assignments();
        assertEquals(List.of(
                        new Assignment("BITS", ":=", "64", 1, 1, 0, true, 0),
                        new Assignment("CFLAGS_REMOVE_head64.o", "=", "-pg", 3, 3, 1, false, 7),
                        new Assignment("CFLAGS_REMOVE_head64.o", "+=", "-x", 5, 5, 1, false, 7),
                        new Assignment("CFLAGS_head64.o", ":=", "-fno-stack-protector -fno-foo", 8, 9, 0, true, 0),
                        new Assignment("KASAN_SANITIZE_head64.o", ":=", "n", 10, 10, 0, true, 0),
                        new Assignment("CFLAGS_head64.o", "+=", "$(PIE_CFLAGS)", 12, 12, 1, true, 13)),
                a.stream().map(x -> new Assignment(x.name(), x.operator(), x.value().replaceAll("\\s+", " "),
                        x.firstLine(), x.lastLine(), x.depth(), x.active(), x.blockEnd())).toList());
    }

    @Test
    void selfReferenceAndDeepNestingAreBoundedNotFatal() {
        MakeExpander e = ours("a = $(a) x\nb = $(c)\nc = $(b)");
        e.value("a");
        e.value("b");
        assertTrue(e.uncertainties().stream().anyMatch(u -> u.contains("references itself")), e.uncertainties().toString());
        StringBuilder deep = new StringBuilder("x");
        for (int i = 0; i < 200; i++) {
            deep.insert(0, "$(strip ").append(")");
        }
        MakeExpander d = ours("v := " + deep);
        assertTrue(d.uncertainties().stream().anyMatch(u -> u.contains("nested deeper")), d.uncertainties().toString());
        // Each level doubles the references but not the text: 2^40 expansions unless bounded.
        StringBuilder doubling = new StringBuilder("a0 :=\n");
        for (int i = 1; i <= 40; i++) {
            doubling.append("a").append(i).append(" = $(a").append(i - 1).append(")$(a").append(i - 1).append(")\n");
        }
        MakeExpander x = ours(doubling + "v := $(a40)");
        assertTrue(x.uncertainties().stream().anyMatch(u -> u.contains("references expanded")), x.uncertainties().toString());
    }
}
