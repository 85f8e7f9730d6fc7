package dev.ltocheck.report;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.flags.FlagValue;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.flags.ProfileSummary;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.kbuild.CmdFile;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code ProfileSummary} conflict explained: the ThinLTO modules grouped by the profile they were
 * built from (as their imports compare them, {@link ProfileSummary#withImportRatio}), the fields
 * that differ between the most common profile and each other one, and the objects built from
 * another profile, with the profile option their {@code .cmd} file saved and whether the object is
 * older than that file (make does not rebuild an object when only its profile changes).
 *
 * @param majority the profile most modules were built from
 * @param others   every other profile, most modules first
 */
public record ProfileMismatch(Group majority, List<Group> others) {

    /** The modules built from one profile. */
    public record Group(ProfileSummary summary, List<Built> objects) {
        public String label() {
            return summary.label();
        }
    }

    /**
     * One object and how it was built.
     *
     * @param module      the module as lld names it
     * @param path        the object as the user opens it
     * @param option      the profile option its .cmd file saved ({@code -fprofile-sample-use=p.afdo}), or null
     * @param olderThanProfile the object is older than that profile file
     */
    public record Built(String module, String path, String option, boolean olderThanProfile) {
    }

    /** Only when a ProfileSummary merge fails. */
    public static Optional<ProfileMismatch> of(CheckReport report) {
        if (!report.byFlag().containsKey(ProfileSummary.KEY)) {
            return Optional.empty();
        }
        List<ThinModule> modules = report.result().imports().modules();
        long blockCount = dev.ltocheck.check.LinkCheck.combinedBlockCount(report.result().imports());
        Map<ProfileSummary, List<Built>> groups = new LinkedHashMap<>();
        Map<ProfileSummary, ProfileSummary> written = new LinkedHashMap<>();
        for (ThinModule m : modules) {
            BitcodeModule module = report.modules().get(m.name());
            if (module == null) {
                continue;
            }
            ModuleFlag flag = FlagsReport.find(module, ProfileSummary.KEY);
            Optional<ProfileSummary> summary = flag == null ? Optional.empty() : ProfileSummary.of(flag.value());
            if (summary.isEmpty()) {
                continue;
            }
            ProfileSummary seen = summary.get().withImportRatio(blockCount);
            written.putIfAbsent(seen, summary.get());
            groups.computeIfAbsent(seen, k -> new ArrayList<>()).add(built(module));
        }
        if (groups.size() < 2) {
            return Optional.empty();
        }
        List<Group> sorted = new ArrayList<>();
        groups.forEach((seen, objects) -> sorted.add(new Group(written.get(seen), List.copyOf(objects))));
        sorted.sort(Comparator.comparingInt((Group g) -> g.objects().size()).reversed());
        return Optional.of(new ProfileMismatch(sorted.get(0), List.copyOf(sorted.subList(1, sorted.size()))));
    }

    /**
     * The mismatch when rebuilding is the whole fix: every failing import pair is a ProfileSummary
     * conflict (no other flag differs across an import, and full LTO merges nothing else that
     * conflicts). check's first screen and fix decide their answer by it.
     */
    public static Optional<ProfileMismatch> whenRebuildIsTheFix(CheckReport report) {
        return settlesEveryPair(report, ProfileSummary.KEY) ? of(report) : Optional.empty();
    }

    /** Making {@code key} agree fixes the link: it is the only flag of the failing pairs, and full LTO merges no conflict. */
    static boolean settlesEveryPair(CheckReport report, String key) {
        return report.byFlag().keySet().equals(java.util.Set.of(key)) && report.result().regularConflicts().isEmpty();
    }

    /**
     * The link modelled after the rebuild: each object built from another profile carries the
     * ProfileSummary the majority's modules were written with (a summary is the whole profile's, so
     * an object rebuilt from that profile gets the same one); the imports do not depend on it.
     */
    public CheckResult afterRebuild(CheckReport report, Map<String, List<ModuleFlag>> flags, LldVersion lld)
            throws BitcodeLoadException {
        FlagValue value = majority.summary().value();
        Map<String, List<ModuleFlag>> rebuilt = new java.util.HashMap<>(flags);
        for (Built b : minority()) {
            List<ModuleFlag> own = flags.get(b.module());
            if (own != null) {
                rebuilt.put(b.module(), own.stream().map(f -> f.key().equals(ProfileSummary.KEY)
                        ? new ModuleFlag(f.behavior(), f.key(), value) : f).toList());
            }
        }
        return LinkCheck.run(report.result().imports(), rebuilt, lld);
    }

    /** What to run to rebuild them: {@code rm a.o b.o && make}. */
    public static String rebuildCommandOf(ProfileMismatch p) {
        return ProfileMismatchText.rebuildCommand(p.minority());
    }

    /** The objects to rebuild: every one not built from the majority's profile. */
    public List<Built> minority() {
        List<Built> all = new ArrayList<>();
        others.forEach(g -> all.addAll(g.objects()));
        return all;
    }

    /** The majority's profile option, when its objects agree on one. */
    public Optional<String> majorityOption() {
        List<String> options = majority.objects().stream().map(Built::option).filter(o -> o != null).distinct().toList();
        return options.size() == 1 ? Optional.of(options.get(0)) : Optional.empty();
    }

    private static final List<String> PROFILE_OPTIONS = List.of("-fprofile-sample-use=", "-fprofile-use=",
            "-fprofile-instr-use=", "-fauto-profile=");

    // The object's .cmd file: its profile option, and the profile file's time against the object's.
    // The option's path is relative to where kbuild ran: the object's path minus the -o path it saved.
    private static Built built(BitcodeModule module) {
        String path = module.id().path();
        // A member of a regular archive has no file, and no .cmd file beside one.
        var source = module.input().source();
        if (source != null && (source.offset() != 0 || source.file().equals(source.group()))) {
            return new Built(module.id().lldName(), path, null, false);
        }
        Path object = module.input().source() != null ? module.input().source().file() : Path.of(path);
        try {
            Optional<List<String>> words = CmdFile.savedWords(CmdFile.of(object));
            if (words.isEmpty()) {
                return new Built(module.id().lldName(), path, null, false);
            }
            String option = null;
            String output = null;
            List<String> w = words.get();
            for (int i = 0; i < w.size(); i++) {
                String word = w.get(i);
                if (PROFILE_OPTIONS.stream().anyMatch(word::startsWith)) {
                    option = word;
                } else if (word.equals("-o") && i + 1 < w.size()) {
                    output = w.get(i + 1);
                }
            }
            if (option == null) {
                return new Built(module.id().lldName(), path, null, false);
            }
            Path profile = Path.of(option.substring(option.indexOf('=') + 1));
            Path base = buildDirectory(object, output);
            Path profileFile = profile.isAbsolute() || base == null ? profile : base.resolve(profile);
            boolean older = Files.isRegularFile(profileFile) && Files.getLastModifiedTime(object, LinkOption.NOFOLLOW_LINKS)
                    .compareTo(Files.getLastModifiedTime(profileFile)) < 0;
            return new Built(module.id().lldName(), path, option, older);
        } catch (IOException | RuntimeException e) {
            return new Built(module.id().lldName(), path, null, false); // an unreadable .cmd file says nothing about the profile
        }
    }

    private static Path buildDirectory(Path object, String output) {
        if (output == null) {
            return null;
        }
        Path absolute = object.toAbsolutePath().normalize();
        Path out = Path.of(output).normalize();
        if (out.isAbsolute() || !absolute.endsWith(out)) {
            return null;
        }
        Path base = absolute;
        for (int i = 0; i < out.getNameCount(); i++) {
            base = base.getParent();
        }
        return base;
    }
}
