package dev.ltocheck.load;

import dev.ltocheck.cache.MemberCache;
import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.input.InputCollector;
import dev.ltocheck.input.Inputs;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.BitcodeLoader;
import dev.ltocheck.llvm.FlagsReadBy;
import dev.ltocheck.llvm.ModuleFacts;
import dev.ltocheck.llvm.ModuleReader;
import dev.ltocheck.modules.LlvmCoverage;
import dev.ltocheck.modules.LoadedObject;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.modules.ModuleSetLoader;
import dev.ltocheck.report.Coverage;
import dev.ltocheck.support.Samples;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per branch of the LLVM-read policy: representatives, unusual members, modules named
 * in findings, a disagreement between LLVM and ltocheck's reader (forced through the module
 * reader the loader is given), and --llvm-reads all.
 */
class LlvmReadPolicyTest {
    static final Path VALUES = Path.of("src/test/resources/flag-values").toAbsolutePath();

    private static Inputs sample(String scenario) {
        return InputCollector.collect(Samples.dir(scenario), Samples.archives(scenario));
    }

    private static Map<String, LoadedObject.BitcodeModule> byName(ModuleSet set) {
        return set.bitcode().stream().collect(Collectors.toMap(m -> m.id().lldName(), m -> m));
    }

    /** LLVM's reader, counting what it is asked for; with {@code alter}, one member's flags told wrong. */
    static final class Counting {
        final Map<String, Integer> asked = new ConcurrentHashMap<>();
        final Predicate<String> alter;

        Counting(Predicate<String> alter) {
            this.alter = alter;
        }

        Supplier<ModuleReader> readers() {
            return () -> new ModuleReader() {
                final BitcodeLoader llvm = new BitcodeLoader();

                @Override
                public ModuleFacts load(ByteBuffer bitcode, String name) throws BitcodeLoadException {
                    asked.merge(name, 1, Integer::sum);
                    ModuleFacts facts = llvm.load(bitcode, name);
                    if (!alter.test(name)) {
                        return facts;
                    }
                    List<ModuleFlag> flags = new ArrayList<>(facts.flags());
                    flags.add(new ModuleFlag(1, "ltocheck-test-disagreement", new FlagValue.Int(32, 1)));
                    return new ModuleFacts(facts.sourceFilename(), facts.triple(), flags);
                }

                @Override
                public void close() {
                    llvm.close();
                }
            };
        }
    }

    private static ModuleSet load(Inputs inputs, LlvmReads reads, Counting llvm) {
        return ModuleSetLoader.loadWhile(inputs, 2, llvm.readers(), MemberCache.disabled(), reads, early -> null)
                .modules();
    }

    @Test
    void llvmReadsOneRepresentativePerFlagSetAndItsTreeEqualsOurs() {
        Counting llvm = new Counting(name -> false);
        ModuleSet set = load(sample("x86-pie"), LlvmReads.NEEDED, llvm);
        List<LoadedObject.BitcodeModule> reps = set.bitcode().stream()
                .filter(m -> m.readBy() == FlagsReadBy.LLVM_REPRESENTATIVE).toList();
        Set<List<ModuleFlag>> flagSets = set.bitcode().stream().map(m -> m.facts().flags()).collect(Collectors.toSet());
        assertEquals(flagSets.size(), reps.size());
        assertEquals(flagSets, reps.stream().map(m -> m.facts().flags()).collect(Collectors.toSet()));
        // LLVM was asked for the representatives only; every other member's flags equal one of theirs.
        assertEquals(reps.stream().map(m -> m.id().lldName()).collect(Collectors.toSet()), llvm.asked.keySet());
        assertTrue(set.bitcode().stream().filter(m -> m.readBy() == FlagsReadBy.LTOCHECK).count() > 20);
        // The first member of each flag set in link order stands for it.
        for (LoadedObject.BitcodeModule rep : reps) {
            LoadedObject.BitcodeModule first = set.bitcode().stream()
                    .filter(m -> m.facts().flags().equals(rep.facts().flags())).findFirst().orElseThrow();
            assertEquals(first.id(), rep.id());
        }
        assertEquals("LLVM read 2 of 29 members: 2 flag-set representatives.", Coverage.of(set).llvmLine());
    }

    @Test
    void aMemberWithAFlagOurReaderDoesNotModelGoesToLlvm() {
        Counting llvm = new Counting(name -> false);
        ModuleSet set = load(InputCollector.collect(VALUES, List.of("constants.bc", "values.bc", "main.bc")),
                LlvmReads.NEEDED, llvm);
        Map<String, LoadedObject.BitcodeModule> modules = byName(set);
        LoadedObject.BitcodeModule constants = modules.get("constants.bc");
        assertEquals(FlagsReadBy.LLVM_UNUSUAL, constants.readBy());
        // LLVM names the constants ltocheck's reader cannot decode: the facts are LLVM's.
        assertTrue(constants.facts().flags().stream().anyMatch(f -> f.value() instanceof FlagValue.Constant c
                && !c.text().equals(dev.ltocheck.bitcode.ModuleFlagsDecoder.UNDECODED_CONSTANT)), constants.facts().toString());
        assertEquals(FlagsReadBy.LLVM_REPRESENTATIVE, modules.get("values.bc").readBy());
        assertEquals(Set.of("constants.bc", "values.bc", "main.bc"), llvm.asked.keySet(),
                "main.bc has a flag set of its own");
        assertEquals("LLVM read all 3 members: 2 flag-set representatives, 1 unusual.", Coverage.of(set).llvmLine());
    }

    @Test
    void aDisagreementWhileLoadingMakesLlvmReadEveryMemberAndSaysSo() {
        Counting truthful = new Counting(name -> false);
        ModuleSet reference = load(sample("x86-pie"), LlvmReads.ALL, truthful);
        String rep = reference.bitcode().get(0).id().lldName(); // the first member stands for its flag set
        Counting llvm = new Counting(rep::equals);
        ModuleSet set = load(sample("x86-pie"), LlvmReads.NEEDED, llvm);
        assertEquals(List.of(rep + ": " + LlvmCoverage.DISAGREEMENT),
                set.warnings().stream().map(w -> w.line()).filter(l -> l.contains("disagree")).toList());
        assertTrue(set.bitcode().stream().allMatch(LoadedObject.BitcodeModule::llvmConfirmed));
        assertEquals(reference.bitcode().size(), llvm.asked.size(), "every member read by LLVM, once");
        assertTrue(llvm.asked.values().stream().allMatch(n -> n == 1));
        // The report is LLVM's, its told-wrong flags included.
        assertTrue(byName(set).get(rep).facts().flags().stream().anyMatch(f -> f.key().equals("ltocheck-test-disagreement")));
        assertEquals("LLVM read all 29 members: it and ltocheck's own flag reader disagreed on " + rep
                + " (a bug in ltocheck), so the report is LLVM's.", Coverage.of(set).llvmLine());
    }

    @Test
    void findingsNameOnlyModulesLlvmReadAndADisagreementThereReadsEverything() throws Exception {
        Inputs inputs = sample("x86-pie");
        // LLVM tells one module wrong that is not a representative: loading does not notice.
        ModuleSet truth = load(inputs, LlvmReads.NEEDED, new Counting(name -> false));
        CheckResult found = check(truth);
        Set<String> named = found.modulesNamed();
        assertFalse(named.isEmpty());
        assertEquals(Optional.empty(), truth.confirmByLlvm(named));
        for (LoadedObject.BitcodeModule m : truth.bitcode()) {
            if (named.contains(m.id().lldName())) {
                assertTrue(m.llvmConfirmed(), m.id().lldName() + " is named in a finding: LLVM read it");
            }
        }
        // LLVM and ltocheck agree: the findings made from LLVM's facts are the same.
        assertEquals(found.lldLines(), check(truth).lldLines());
        assertEquals("LLVM read 27 of 29 members: 2 flag-set representatives, 25 in findings.",
                Coverage.of(truth).llvmLine());

        String liar = named.stream().filter(n -> byName(load(inputs, LlvmReads.NEEDED, new Counting(x -> false)))
                .get(n).readBy() == FlagsReadBy.LTOCHECK).findFirst().orElseThrow();
        Counting llvm = new Counting(liar::equals);
        ModuleSet set = load(inputs, LlvmReads.NEEDED, llvm);
        assertTrue(set.warnings().isEmpty(), set.warnings().toString());
        Optional<String> line = set.confirmByLlvm(check(set).modulesNamed());
        assertEquals(Optional.of(liar + ": " + LlvmCoverage.DISAGREEMENT), line);
        assertTrue(set.bitcode().stream().allMatch(LoadedObject.BitcodeModule::llvmConfirmed));
        assertTrue(set.flagsByModule().get(liar).stream().anyMatch(f -> f.key().equals("ltocheck-test-disagreement")));
        assertNotEquals(-1, Coverage.of(set).llvmLine().indexOf("disagreed on " + liar));
    }

    @Test
    void withLlvmReadsAllLlvmReadsEveryMember() {
        Counting llvm = new Counting(name -> false);
        ModuleSet set = load(sample("x86-pie"), LlvmReads.ALL, llvm);
        assertEquals(29, llvm.asked.size());
        assertTrue(set.bitcode().stream().allMatch(m -> m.readBy() == FlagsReadBy.LLVM_ALL));
        assertEquals("LLVM read all 29 members (--llvm-reads all).", Coverage.of(set).llvmLine());
        ModuleSet needed = load(sample("x86-pie"), LlvmReads.NEEDED, new Counting(name -> false));
        assertEquals(set.flagsByModule(), needed.flagsByModule());
    }

    static CheckResult check(ModuleSet set) throws BitcodeLoadException {
        return LinkCheck.run(ThinLink.run(set.thinModules(), LinkOptions.RELOCATABLE,
                ImportOptions.LLVM_DEFAULTS.withMllvm(List.of("-import-instr-limit=5"))), set.flagsByModule());
    }
}
