package dev.ltocheck.report;

import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.flags.ProfileSummary;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A conflicting flag whose values follow the producer: the modules of each value grouped by who
 * wrote them (IDENTIFICATION string, {@link Producer}), and when a value comes only from a producer
 * other than the one most modules come from (rustc, Zig, a device library, another clang version),
 * which side can be rebuilt and with which option ({@code -mabi=lp64}, {@code -C code-model=kernel}).
 *
 * @param key    the flag
 * @param sides  one per value, most modules first
 */
public record ProducerAdvice(String key, List<Side> sides) {

    /**
     * The modules carrying one value of the flag.
     *
     * @param value     the value for a reader ({@code lp64d})
     * @param producers the producers of those modules, each with its modules' paths
     * @param compiler  the compiler their .cmd files saved ({@code clang-19}), when they agree on one
     */
    public record Side(String value, FlagValue raw, Map<Producer, List<String>> producers, String compiler, String triple) {
        public int modules() {
            return producers.values().stream().mapToInt(List::size).sum();
        }
    }

    /** One per failing flag (ProfileSummary aside) whose sides do not all come from one producer. */
    public static List<ProducerAdvice> of(CheckReport report) {
        List<ProducerAdvice> out = new ArrayList<>();
        for (String key : report.byFlag().keySet()) {
            if (key.equals(ProfileSummary.KEY)) {
                continue;
            }
            Map<FlagValue, List<BitcodeModule>> byValue = new LinkedHashMap<>();
            for (ThinModule m : report.result().imports().modules()) {
                BitcodeModule module = report.modules().get(m.name());
                ModuleFlag flag = module == null ? null : FlagsReport.find(module, key);
                if (flag != null) {
                    byValue.computeIfAbsent(flag.value(), v -> new ArrayList<>()).add(module);
                }
            }
            Map<FlagValue, Map<Producer, List<String>>> producersByValue = new LinkedHashMap<>();
            byValue.forEach((value, modules) -> {
                Map<Producer, List<String>> producers = new LinkedHashMap<>();
                for (BitcodeModule m : modules) {
                    producers.computeIfAbsent(Producer.of(m.summary().producer(), m.summary().triple()),
                            p -> new ArrayList<>()).add(m.id().path());
                }
                producersByValue.put(value, producers);
            });
            if (producersByValue.size() < 2 || producersByValue.values().stream().map(Map::keySet).distinct().count() < 2) {
                continue; // every value from the same producers: nothing to say (and no .cmd file read)
            }
            List<Side> sides = new ArrayList<>();
            byValue.forEach((value, modules) -> {
                List<String> compilers = modules.stream().map(m -> compiler(m).orElse("")).distinct().toList();
                String compiler = compilers.size() == 1 && !compilers.get(0).isEmpty() ? compilers.get(0) : null;
                sides.add(new Side(report.readableValue(find(report, modules.get(0)), key), value,
                        producersByValue.get(value), compiler, modules.get(0).summary().triple()));
            });
            sides.sort(Comparator.comparingInt(Side::modules).reversed());
            out.add(new ProducerAdvice(key, List.copyOf(sides)));
        }
        return out;
    }

    private static ThinModule find(CheckReport report, BitcodeModule module) {
        return report.result().imports().modules().stream().filter(m -> m.name().equals(module.id().lldName()))
                .findFirst().orElseThrow();
    }

    /** The program of the object's .cmd file, when it has one beside it. */
    private static Optional<String> compiler(BitcodeModule m) {
        var source = m.input().source();
        if (source == null || source.offset() != 0 || source.file().equals(source.group())) {
            return Optional.empty();
        }
        try {
            return CmdFile.savedCommand(CmdFile.of(source.file()))
                    .map(c -> c.strip().split("\\s+")[0]).map(p -> Path.of(p).getFileName().toString());
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The option that makes a producer write {@code value} for {@code key}, in its own words, or
     * null when ltocheck knows none.
     */
    public static String option(Producer.Kind kind, String key, String value, String triple) {
        boolean rust = kind == Producer.Kind.RUSTC;
        return switch (key) {
            case "Code Model" -> rust ? "-C code-model=" + (value.equals("medany") ? "medium" : value.equals("medlow") ? "small" : value)
                    : "-mcmodel=" + value;
            case "target-abi" -> rust ? "a --target whose ABI is " + value + " (rustc takes the ABI from its target)"
                    : "-mabi=" + value;
            case "SmallDataLimit" -> rust ? null : "-msmall-data-limit=" + value;
            case "override-stack-alignment" -> rust ? null : "-mstack-alignment=" + value;
            case "amdgpu_code_object_version" -> rust ? null : "-mcode-object-version=" + codeObjectVersion(value);
            case "PIC Level" -> rust ? "-C relocation-model=pic" : value.equals("small") ? "-fpic" : value.equals("big") ? "-fPIC" : null;
            default -> null;
        };
    }

    // The flag holds the version times 100 (500 for -mcode-object-version=5).
    private static String codeObjectVersion(String value) {
        try {
            return Integer.toString(Integer.parseInt(value) / 100);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
