package dev.ltocheck.kbuild;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.flags.FlagValueNames;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLink;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.FlagMerging;
import dev.ltocheck.llvm.LldVersion;
import dev.ltocheck.parallel.Workers;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.ModuleSet;
import dev.ltocheck.text.Cut;
import dev.ltocheck.text.Plural;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fixes at the scopes maintainers choose (see {@link FixScope}), beside the per-object plan of
 * {@link FixPlanner}. Each is verified before it is offered: a fix that takes objects out of LTO
 * by a thin link without them and LLVM's flag merge; a fix that changes the flags the objects are
 * built with by the same merge over the link's imports, with those objects' flags as the rebuilt
 * objects would carry them (the imports do not depend on the flags that differ).
 */
public final class ScopePlanner {
    private static final Pattern KCONFIG_LTO = Pattern.compile("^(\\s*)select\\s+ARCH_SUPPORTS_LTO_CLANG(?:\\s+if\\s+([^#]+?))?\\s*(#.*)?$");

    private final ModuleSet set;
    private final CheckResult check;
    private final FixPlan objectPlan;
    private final KbuildTree tree;
    private final LinkOptions link;
    private final ImportOptions options;
    private final Supplier<FlagMerging> mergers;
    private final LldVersion lld;
    /** The session's one pool (-j): the thin link after a scope's fix runs on it. */
    private final Workers workers;
    private final Map<String, List<ModuleFlag>> flags;
    private final Map<String, BitcodeModule> byName = new HashMap<>();
    /** Modules of the smaller flag class of some failing pair, in link order. */
    private final Set<String> minority = new LinkedHashSet<>();
    /** Per failing flag key: its entry on the minority side and on the majority side (null when absent). */
    private final Map<String, ModuleFlag> minorityEntry = new LinkedHashMap<>();
    private final Map<String, ModuleFlag> majorityEntry = new LinkedHashMap<>();
    /** Per failing flag key: the modules with its minority value, and those with its majority value, in link order. */
    private final Map<String, Set<String>> minorityByKey = new LinkedHashMap<>();
    private final Map<String, List<String>> majorityByKey = new LinkedHashMap<>();
    /** The failing import pairs, and (full LTO) the regular modules' conflicts. */
    private final List<FailingImport> conflicts = new ArrayList<>();

    private ScopePlanner(ModuleSet set, CheckResult check, FixPlan objectPlan, KbuildTree tree, LinkOptions link,
                         ImportOptions options, Supplier<FlagMerging> mergers, LldVersion lld, Workers workers) {
        this.workers = workers;
        this.set = set;
        this.check = check;
        this.objectPlan = objectPlan;
        this.tree = tree;
        this.link = link;
        this.options = options;
        this.mergers = mergers;
        this.lld = lld;
        this.flags = set.flagsByModule();
        set.bitcode().forEach(m -> byName.put(m.id().lldName(), m));
        // ThinLTO modules and (full LTO) the regular ones merged into ld-temp.o, with their conflicts.
        List<ThinModule> lto = new ArrayList<>(check.imports().modules());
        lto.addAll(check.imports().regular());
        conflicts.addAll(check.errors());
        conflicts.addAll(check.regularConflicts());
        Map<List<ModuleFlag>, Integer> classSizes = new HashMap<>();
        lto.forEach(m -> classSizes.merge(flags.get(m.name()), 1, Integer::sum));
        Set<List<ModuleFlag>> minorityClasses = new HashSet<>();
        for (FailingImport f : conflicts) {
            List<ModuleFlag> a = flags.get(f.into().name());
            List<ModuleFlag> b = flags.get(f.from().name());
            boolean aSmaller = classSizes.getOrDefault(a, 0) <= classSizes.getOrDefault(b, 0);
            List<ModuleFlag> small = aSmaller ? a : b;
            List<ModuleFlag> large = aSmaller ? b : a;
            minorityClasses.add(small);
            minorityEntry.putIfAbsent(f.key(), entry(small, f.key()));
            majorityEntry.putIfAbsent(f.key(), entry(large, f.key()));
        }
        // On the minority side: in a minority class, or with a minority value of a failing key
        // whatever its other flags (a third class that shares the differing value).
        for (ThinModule m : lto) {
            List<ModuleFlag> own = flags.get(m.name());
            if (minorityClasses.contains(own) || minorityEntry.entrySet().stream().anyMatch(e -> e.getValue() != null
                    && !e.getValue().equals(majorityEntry.get(e.getKey())) && own != null && own.contains(e.getValue()))) {
                minority.add(m.name());
            }
            if (own != null) {
                minorityEntry.forEach((key, value) -> {
                    if (value != null && own.contains(value)) {
                        minorityByKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(m.name());
                    }
                });
                majorityEntry.forEach((key, value) -> {
                    if (value != null && own.contains(value)) {
                        majorityByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m.name());
                    }
                });
            }
        }
    }

    /**
     * The fix at the scope asked for; {@code auto} takes the first of config and directory that
     * applies and is verified, else the per-object plan. {@code object} is the per-object plan alone.
     */
    public static ScopePlan plan(ModuleSet set, CheckResult check, FixPlan objectPlan, KbuildTree tree, LinkOptions link,
                                 ImportOptions options, Supplier<FlagMerging> mergers, LldVersion lld, FixScope asked,
                                 Workers workers)
            throws IOException, BitcodeLoadException {
        ScopePlanner p = new ScopePlanner(set, check, objectPlan, tree, link, options, mergers, lld, workers);
        ScopeFix object = p.object();
        if (asked == FixScope.object) {
            return new ScopePlan(asked, object, List.of(object), "asked for (--scope object)", p.failing());
        }
        ScopeFix config = asked == FixScope.config || asked == FixScope.auto ? p.config() : null;
        ScopeFix directory = asked == FixScope.directory || asked == FixScope.auto ? p.directory() : null;
        ScopeFix flag = asked == FixScope.flag ? p.flag() : ScopeFix.notConsidered(FixScope.flag,
                "not considered: only with --scope flag, since it changes what the code is built as");
        if (config == null) {
            config = ScopeFix.notConsidered(FixScope.config, "not considered (--scope " + asked + ")");
        }
        if (directory == null) {
            directory = ScopeFix.notConsidered(FixScope.directory, "not considered (--scope " + asked + ")");
        }
        List<ScopeFix> considered = List.of(config, directory, flag, object);
        if (asked != FixScope.auto) {
            ScopeFix wanted = considered.stream().filter(s -> s.scope() == asked).findFirst().orElseThrow();
            // A fix is offered only once verified: an unverified one is shown among the alternatives, never written.
            if (wanted.applicable() && wanted.verified()) {
                return new ScopePlan(asked, wanted, considered, "asked for (--scope " + asked + ")", p.failing());
            }
            return new ScopePlan(asked, object, considered, "--scope " + asked + (wanted.applicable()
                    ? " fits this link but its fix was not verified (see below): per object instead"
                    : " does not fit this link: per object instead"), p.failing());
        }
        for (ScopeFix s : List.of(config, directory)) {
            if (s.applicable() && s.verified()) {
                return new ScopePlan(asked, s, considered, s.scope() == FixScope.config
                        ? "the difference follows a Kconfig choice: one Kconfig dependency, as upstream fixed such cases"
                        : "every bitcode object of the folder is built with the folder's own differing flags:"
                        + " one line per folder, as the kernel's startup folders do", p.failing());
            }
        }
        return new ScopePlan(asked, object, considered, "neither a Kconfig choice nor a whole folder explains the"
                + " difference: the per-object minimum", p.failing());
    }

    /**
     * What fails, per differing flag: the value on the smaller side and the modules with it, the
     * value on the larger side and how many modules have it, and how many import pairs (or, full
     * LTO, merges into ld-temp.o) fail over it.
     */
    private List<String> failing() {
        List<String> out = new ArrayList<>();
        for (String key : minorityEntry.keySet()) {
            List<String> small = List.copyOf(minorityByKey.getOrDefault(key, Set.of()));
            List<String> large = majorityByKey.getOrDefault(key, List.of());
            long pairs = check.errors().stream().filter(f -> f.key().equals(key)).count();
            long merges = check.regularConflicts().stream().filter(f -> f.key().equals(key)).count();
            out.add("'" + key + "': " + value(key, minorityEntry.get(key)) + " in " + Plural.count(small.size(), "module")
                    + (small.isEmpty() ? "" : " (" + names(small) + ")") + " vs " + value(key, majorityEntry.get(key))
                    + " in " + Plural.count(large.size(), "module") + ": " + (pairs > 0 ? Plural.count(pairs, "failing import pair")
                    : "") + (pairs > 0 && merges > 0 ? ", " : "") + (merges > 0 ? Plural.count(merges,
                    "full-LTO merge") + " into ld-temp.o failing" : ""));
        }
        return out;
    }

    private String value(String key, ModuleFlag flag) {
        if (flag == null) {
            return "absent";
        }
        List<ThinModule> lto = check.imports().modules().isEmpty() ? check.imports().regular() : check.imports().modules();
        String triple = lto.isEmpty() ? "" : lto.get(0).summary().triple();
        return FlagValueNames.withLlvmText(key, flag.value(), triple);
    }

    private static ModuleFlag entry(List<ModuleFlag> flags, String key) {
        return flags == null ? null : flags.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    private Path object(String module) {
        return FixPlanner.objectPath(byName.get(module).id(), tree.objtree());
    }

    private ScopeFix object() {
        List<String> changes = new ArrayList<>();
        for (ObjectFix f : objectPlan.objects()) {
            changes.add(f.owner() == null ? f.object() + ": no kbuild file builds it"
                    : f.alreadyFixed() ? f.owner().kbuildFile() + " already has " + f.removeLine() + " (rebuild)"
                    : "add " + f.removeLine() + " to " + f.owner().kbuildFile());
        }
        return new ScopeFix(FixScope.object, ScopeFix.Fit.FITS, List.of((objectPlan.fullLto()
                ? "every module whose flags cannot merge with the largest flag class: "
                : objectPlan.robust() ? "the whole minority flag class: " : "the minimum per-object cover: ")
                + Plural.count(objectPlan.objects().size(), "object") + " out of LTO"),
                changes, objectPlan.patch(), objectPlan.after(), null, objectPlan.verified(), List.of(), List.of());
    }

    // ---- directory -------------------------------------------------------------------------

    /** A folder whose every bitcode object is on the minority side, built so by the folder's own flags. */
    private record Folder(Path kbuildFile, List<String> modules, MakeExpander.Assignment source, String sourceLine,
                          boolean optedOut) {
    }

    private ScopeFix directory() throws IOException, BitcodeLoadException {
        if (tree == null) {
            return ScopeFix.notApplicable(FixScope.directory, List.of("needs the kernel tree (--srctree)"));
        }
        Map<String, Path> objects = new LinkedHashMap<>();
        for (ThinModule m : set.thinModules()) {
            Path object = object(m.name());
            if (!KbuildTree.leavesTree(object)) {
                objects.put(m.name(), object.normalize());
            }
        }
        // Each planned object under the file whose folder-wide flags give it the option (its own
        // folder's, or a parent's: kbuild hands KBUILD_CFLAGS down to subfolders), else its own file.
        Map<Path, List<ObjectFix>> planned = new LinkedHashMap<>();
        Map<Path, KbuildFile> setting = new HashMap<>();
        Map<Path, MakeExpander.Assignment> setBy = new HashMap<>();
        Path archMakefile = archMakefile();
        for (ObjectFix f : objectPlan.objects()) {
            if (f.owner() == null) {
                continue;
            }
            Path key = f.owner().kbuildFile();
            Path own = key.getParent();
            for (Path dir = own; dir != null; dir = dir.getParent()) {
                Optional<KbuildFile> file = tree.folder(dir);
                boolean parent = !dir.equals(own);
                Optional<MakeExpander.Assignment> source = file.filter(k -> !k.file().equals(archMakefile))
                        .flatMap(k -> parent ? k.inheritedFlagsWith(f.options()) : k.folderFlagsWith(f.options()));
                if (source.isPresent()) {
                    key = file.get().file();
                    setting.put(key, file.get());
                    setBy.put(key, source.get());
                    break;
                }
            }
            planned.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        List<String> why = new ArrayList<>();
        List<Folder> folders = new ArrayList<>();
        Set<String> inFolders = new HashSet<>();
        for (Map.Entry<Path, List<ObjectFix>> e : planned.entrySet()) {
            Path file = e.getKey();
            String folder = folderName(file);
            Path dir = file.getParent();
            List<String> all = objects.entrySet().stream().filter(o -> dir != null && o.getValue().startsWith(dir))
                    .map(Map.Entry::getKey).toList();
            // On the minority side, or taken out of LTO by the plan anyway.
            Set<String> leaving = new HashSet<>();
            e.getValue().forEach(f -> leaving.add(f.module()));
            List<String> majority = all.stream().filter(m -> !minority.contains(m) && !leaving.contains(m)).toList();
            if (dir == null || !majority.isEmpty()) {
                why.add(folder + ": " + majority.size() + " of its " + all.size() + " bitcode objects "
                        + (majority.size() == 1 ? "is" : "are") + " built with the majority flags (" + names(majority) + ")");
                continue;
            }
            List<String> opts = e.getValue().stream().flatMap(f -> f.options().stream()).distinct().toList();
            MakeExpander.Assignment source = setBy.get(file);
            if (source == null) {
                List<String> own = e.getValue().stream().filter(f -> f.introducedBy() != null)
                        .map(f -> f.owner().kbuildFile() + ":" + f.introducedAt()).toList();
                why.add(folder + ": every bitcode object is on the minority side, but "
                        + (opts.isEmpty() ? "no .cmd file says which option sets the flag"
                        : "they get " + String.join(" ", opts) + " from their own lines" + (own.isEmpty() ? ""
                        : " (" + String.join(", ", own) + ")") + ", not from the folder's flags")
                        + ": a folder opt-out would also take out of LTO whatever is added there later");
                continue;
            }
            KbuildFile kbuild = setting.get(file);
            String first = kbuild.lines().get(source.firstLine() - 1).strip();
            first = first.endsWith("\\") ? first.substring(0, first.length() - 1).strip() + " ..." : first;
            folders.add(new Folder(file, all, source, first.replaceAll("\\s+", " "), kbuild.optsFolderOutOfLto()));
            e.getValue().forEach(f -> inFolders.add(f.module()));
        }
        if (folders.isEmpty()) {
            return ScopeFix.notApplicable(FixScope.directory, why.isEmpty()
                    ? List.of("no object of the plan is built by a kbuild file") : why);
        }
        List<MakefilePatch.Addition> additions = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        int said = 0;
        for (Folder f : folders) {
            KbuildFile kbuild = tree.folder(f.kbuildFile().getParent()).orElseThrow();
            String getting = names(f.modules()) + (f.modules().size() == 1 ? " gets " : " get ") + f.kbuildFile() + ":" + f.source().firstLine() + ": " + f.sourceLine();
            if (f.optedOut()) {
                changes.add(f.kbuildFile() + " already takes its folder out of LTO: nothing to add, but its objects were"
                        + " built before (still LLVM bitcode): rebuild with make");
            } else {
                int after = kbuild.folderInsertAfter();
                additions.add(new MakefilePatch.Addition(f.kbuildFile(), after, List.of("# disable LTO",
                        KbuildFile.DIRECTORY_OPT_OUT)));
                changes.add("add " + KbuildFile.DIRECTORY_OPT_OUT + " to " + f.kbuildFile()
                        + (after > 0 ? " after line " + after : " at the end"));
            }
            why.add(said++, folderName(f.kbuildFile()) + ": every bitcode object (" + f.modules().size() + ") is on the minority"
                    + " side, and " + getting);
        }
        List<ObjectFix> rest = objectPlan.objects().stream().filter(o -> !inFolders.contains(o.module())).toList();
        for (ObjectFix o : rest) {
            if (o.owner() != null && !o.alreadyFixed()) {
                additions.add(new MakefilePatch.Addition(o.owner().kbuildFile(), o.insertAfter(), List.of(o.removeLine())));
                changes.add("add " + o.removeLine() + " to " + o.owner().kbuildFile() + " (per object, as said above)");
            }
        }
        MakefilePatch patch = MakefilePatch.ofAdditions(tree.srctree(), additions);
        Set<String> out = new HashSet<>();
        boolean handled = true;
        for (Folder f : folders) {
            if (evaluatedAfter(patch, f.kbuildFile()).optsFolderOutOfLto()) {
                out.addAll(f.modules());
            } else {
                handled = false;
                changes.add(f.kbuildFile() + ", as patched and as make reads it, still passes $(CC_FLAGS_LTO) to its objects");
            }
        }
        for (ObjectFix o : rest) {
            if (o.owner() != null && FixPlanner.takesOutOfLto(tree, patch, o)) {
                out.add(o.module());
            } else {
                handled = false;
            }
        }
        List<ThinModule> remaining = set.thinModules().stream().filter(m -> !out.contains(m.name())).toList();
        ImportResult again = ThinLink.run(remaining, link, options, workers);
        CheckResult after = LinkCheck.run(again, flags, mergers, lld);
        List<String> unbuilt = new ArrayList<>();
        for (Folder f : folders) {
            if (f.optedOut()) {
                f.modules().forEach(m -> unbuilt.add(object(m).toString()));
            }
        }
        rest.stream().filter(ObjectFix::alreadyFixed).forEach(o -> unbuilt.add(o.object().toString()));
        List<String> pending = unbuilt.isEmpty() ? List.of() : List.of(String.join(", ", unbuilt)
                + (unbuilt.size() == 1 ? " is" : " are") + " still LLVM bitcode though the kbuild files take "
                + (unbuilt.size() == 1 ? "it" : "them") + " out of LTO: rebuild with make, then check again");
        return new ScopeFix(FixScope.directory, ScopeFix.Fit.FITS, why, changes, patch, after, null, handled && after.passes(),
                List.of("checked by a thin link without the objects the patched kbuild files (read as make reads them)"
                        + " take out of LTO, and LLVM's flag merge over its imports (not built, not linked by ld.lld)"),
                pending);
    }

    private Path archMakefile() throws IOException {
        return Path.of("arch", tree.srcarch(), "Makefile");
    }

    private KbuildFile evaluatedAfter(MakefilePatch patch, Path file) throws IOException {
        Optional<List<String>> patched = patch.edits().stream().filter(e -> e.file().equals(file))
                .map(MakefilePatch.FileEdit::after).findFirst();
        if (patched.isPresent()) {
            return tree.evaluate(file, patched.get());
        }
        return tree.folder(file.getParent() == null ? Path.of("") : file.getParent()).orElseThrow();
    }

    private static String folderName(Path kbuildFile) {
        return kbuildFile.getParent() == null ? "the top folder" : kbuildFile.getParent() + "/";
    }

    private String names(List<String> modules) {
        return Cut.join(modules.stream().map(m -> object(m).getFileName().toString()).toList(), 5);
    }

    // ---- config ----------------------------------------------------------------------------

    private ScopeFix config() throws IOException, BitcodeLoadException {
        if (tree == null) {
            return ScopeFix.notApplicable(FixScope.config, List.of("needs the kernel tree (--srctree)"));
        }
        String arch = tree.srcarch();
        Path makefile = Path.of("arch", arch, "Makefile");
        List<String> lines = readLines(tree.srctree().resolve(makefile));
        List<ConfigChoice> choices = ConfigChoice.scan(lines);
        Set<String> setSymbols = new HashSet<>();
        for (String l : readLines(tree.objtree().resolve("include/config/auto.conf"))) {
            Matcher m = Pattern.compile("^(CONFIG_\\w+)=(y|m)$").matcher(l);
            if (m.matches()) {
                setSymbols.add(m.group(1));
            }
        }
        List<String> why = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Set<String> allowed = new LinkedHashSet<>();
        Set<String> current = new LinkedHashSet<>();
        List<String> switches = new ArrayList<>();
        Map<String, List<ModuleFlag>> rebuilt = new HashMap<>(flags);
        int changed = 0;
        for (String key : minorityEntry.keySet()) {
            Set<String> minorityModules = minorityByKey.getOrDefault(key, Set.of());
            String minorityOption = optionOf(key, minorityModules);
            List<String> majorityModules = majorityByKey.getOrDefault(key, List.of());
            String majorityOption = optionOf(key, new LinkedHashSet<>(majorityModules));
            if (minorityOption == null || majorityOption == null) {
                why.add("'" + key + "': no .cmd file says which option sets it on " + (majorityOption == null
                        ? "the majority side" : "the minority side"));
                continue;
            }
            Optional<ConfigChoice> chosen = choices.stream().filter(c -> c.option().equals(majorityOption)
                    && setSymbols.contains(c.symbol())).findFirst();
            Optional<ConfigChoice> other = choices.stream().filter(c -> c.option().equals(minorityOption)
                    && !setSymbols.contains(c.symbol())).findFirst();
            if (chosen.isEmpty()) {
                why.add("'" + key + "': " + majorityOption + ", which the other objects have, is not added under a"
                        + " CONFIG_ option set here in " + makefile);
                continue;
            }
            if (other.isEmpty()) {
                why.add("'" + key + "': " + makefile + ":" + chosen.get().line() + " adds " + majorityOption + " under "
                        + chosen.get().symbol() + ", but no other CONFIG_ option there gives " + minorityOption);
                continue;
            }
            // The value follows the choice across the tree: every object built with the chosen option has it from there.
            int following = 0;
            for (String m : majorityModules) {
                List<String> command = tree.compileCommand(object(m)).orElse(null);
                if (command != null && !FlagOrigin.options(key, command).equals(List.of(majorityOption))) {
                    why.add("'" + key + "': " + object(m) + " is on the majority side but built with "
                            + FlagOrigin.options(key, command) + ", not " + majorityOption);
                    following = -1;
                    break;
                }
                following += command == null ? 0 : 1;
            }
            if (following < 0) {
                continue;
            }
            why.add("'" + key + "' follows a Kconfig choice: " + makefile + ":" + chosen.get().line() + " adds "
                    + majorityOption + " under " + chosen.get().symbol() + " (set: " + following + " objects built so), "
                    + makefile + ":" + other.get().line() + " adds " + minorityOption + " under " + other.get().symbol()
                    + ", which " + names(List.copyOf(minorityModules)) + " already "
                    + (minorityModules.size() == 1 ? "has" : "have"));
            allowed.add(other.get().symbol().substring("CONFIG_".length()));
            current.add(chosen.get().symbol().substring("CONFIG_".length()));
            switches.add(majorityOption + " to " + minorityOption);
            changes.add("build with " + other.get().symbol() + "=y instead of " + chosen.get().symbol()
                    + "=y to keep LTO (every object then gets " + minorityOption + ")");
            ModuleFlag from = majorityEntry.get(key);
            ModuleFlag to = minorityEntry.get(key);
            for (String m : majorityModules) {
                List<ModuleFlag> list = rebuilt.get(m);
                if (list != null && from != null && list.contains(from)) {
                    rebuilt.put(m, list.stream().map(f -> f.equals(from) ? to : f).toList());
                    changed++;
                }
            }
        }
        if (allowed.isEmpty() || allowed.size() < minorityEntry.size()) {
            return ScopeFix.notApplicable(FixScope.config, why);
        }
        Path kconfig = Path.of("arch", arch, "Kconfig");
        List<String> pending = new ArrayList<>();
        List<String> klines = readLines(tree.srctree().resolve(kconfig));
        MakefilePatch patch = null;
        int selects = (int) klines.stream().filter(l -> KCONFIG_LTO.matcher(l).matches()).count();
        int patchedLine = 0;
        for (int i = 0; i < klines.size(); i++) {
            Matcher m = KCONFIG_LTO.matcher(klines.get(i));
            if (!m.matches()) {
                continue;
            }
            String condition = m.group(2);
            List<String> missing = allowed.stream().filter(s -> condition == null
                    || !Pattern.compile("(^|[^\\w])" + s + "([^\\w]|$)").matcher(condition).find()).toList();
            if (missing.isEmpty()) {
                changes.add(0, kconfig + ":" + (i + 1) + " already allows LTO only with " + String.join(" && ", allowed)
                        + ": this configuration was not made by Kconfig from it");
                pending.add(kconfig + " allows LTO only with " + String.join(" && ", allowed) + ", but this build was"
                        + " configured otherwise: reconfigure (make olddefconfig) and rebuild, then check again");
                break;
            }
            String text = m.group(1) + "select ARCH_SUPPORTS_LTO_CLANG if " + (condition == null ? ""
                    : condition.contains("||") ? "(" + condition + ") && " : condition + " && ")
                    + String.join(" && ", missing) + (m.group(3) == null ? "" : " " + m.group(3));
            patch = MakefilePatch.ofLineChanges(tree.srctree(), List.of(new MakefilePatch.LineChange(kconfig, i + 1, text)));
            patchedLine = i + 1;
            changes.add(0, "forbid LTO with the other choice, as upstream did for riscv (\"riscv: Only allow LTO with"
                    + " CMODEL_MEDANY\"): " + kconfig + ":" + (i + 1) + ": " + text.strip());
            break;
        }
        if (patch == null && changes.stream().noneMatch(c -> c.contains("already allows"))) {
            changes.add(0, "make ARCH_SUPPORTS_LTO_CLANG (in " + kconfig + " or wherever the architecture selects it)"
                    + " depend on " + String.join(" && ", allowed) + " (no 'select ARCH_SUPPORTS_LTO_CLANG' line found to patch)");
        }
        // What the patch does: with the current choice the condition is false, so LTO cannot be
        // configured (nothing to link as ThinLTO); with the other choice every object gets the other
        // option, which the link is modelled with. Each is checked as far as the files allow, and said so.
        List<String> checks = new ArrayList<>();
        boolean currentWithoutLto = false;
        String currentChoice = String.join(" && ", current);
        String otherChoice = String.join(" && ", allowed);
        if (patch != null) {
            if (selects == 1) {
                currentWithoutLto = true;
                checks.add("with this Kconfig line, " + currentChoice + " builds without LTO (no ThinLTO link, nothing to"
                        + " merge): checked that " + kconfig + ":" + patchedLine + " is the only line there selecting"
                        + " ARCH_SUPPORTS_LTO_CLANG and that its new condition is false in this configuration ("
                        + String.join(", ", allowed.stream().map(a -> "CONFIG_" + a).toList())
                        + " not set in include/config/auto.conf)");
                checks.add(ltoNeedsArchSupport());
            } else {
                checks.add("not checked: " + kconfig + " has " + selects + " lines selecting ARCH_SUPPORTS_LTO_CLANG; the"
                        + " patch changes the first, so " + currentChoice + " may still build with LTO");
            }
        } else if (!pending.isEmpty()) {
            currentWithoutLto = true;
            checks.add("with " + currentChoice + ", Kconfig as it is builds without LTO once reconfigured (" + kconfig
                    + " already has the condition); this build was not reconfigured");
        } else {
            checks.add("not checked: no line of " + kconfig + " selects ARCH_SUPPORTS_LTO_CLANG, so nothing shows what"
                    + " would keep " + currentChoice + " from LTO");
        }
        CheckResult after = LinkCheck.run(check.imports(), rebuilt, mergers, lld);
        boolean passes = after.passes();
        checks.add("with " + otherChoice + ", the link " + (passes ? "passes" : "still fails: "
                + after.errors().size() + " failing import pairs") + ": checked by the same thin link (the imports do not"
                + " depend on the code-generation options) and LLVM's flag merge, the " + changed + " objects built with "
                + String.join(", ", switches.stream().map(w -> w.substring(0, w.indexOf(" to "))).toList())
                + " given the flags of those built with " + String.join(", ", switches.stream()
                .map(w -> w.substring(w.indexOf(" to ") + 4)).toList()) + " (not built, not linked by ld.lld)");
        return new ScopeFix(FixScope.config, ScopeFix.Fit.FITS, why, changes, patch, after,
                "the " + changed + " objects built with the chosen option rebuilt with the other one",
                passes && currentWithoutLto, checks, pending);
    }

    /**
     * Whether the kernel's ThinLTO choice needs the architecture's ARCH_SUPPORTS_LTO_CLANG, as read
     * from arch/Kconfig (Linux: LTO_CLANG_THIN depends on HAS_LTO_CLANG, which depends on it).
     */
    private String ltoNeedsArchSupport() throws IOException {
        Path file = Path.of("arch", "Kconfig");
        List<String> lines = readLines(tree.srctree().resolve(file));
        Map<String, Integer> dependsAt = new HashMap<>();
        String config = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("config ") || l.startsWith("menuconfig ")) {
                config = l.substring(l.indexOf(' ') + 1).strip();
            } else if (config != null && l.startsWith("depends on ")) {
                if (config.equals("HAS_LTO_CLANG") && Pattern.compile("\\bARCH_SUPPORTS_LTO_CLANG\\b(?!_)").matcher(l).find()) {
                    dependsAt.putIfAbsent(config, i + 1);
                } else if (config.equals("LTO_CLANG_THIN") && Pattern.compile("\\bHAS_LTO_CLANG\\b").matcher(l).find()) {
                    dependsAt.putIfAbsent(config, i + 1);
                }
            }
        }
        if (dependsAt.size() == 2) {
            return "checked: " + file + ":" + dependsAt.get("LTO_CLANG_THIN") + ": LTO_CLANG_THIN depends on HAS_LTO_CLANG, "
                    + file + ":" + dependsAt.get("HAS_LTO_CLANG") + ": HAS_LTO_CLANG depends on ARCH_SUPPORTS_LTO_CLANG";
        }
        return "assumed, not checked: ThinLTO needs ARCH_SUPPORTS_LTO_CLANG (through HAS_LTO_CLANG, as in Linux): " + file
                + (lines.isEmpty() ? " is not in the tree" : " does not say so in the shape ltocheck reads");
    }

    /** The option that decides the flag, from the .cmd file of the first of these modules that has one. */
    private String optionOf(String key, Set<String> modules) throws IOException {
        for (String m : modules) {
            Optional<List<String>> command = tree.compileCommand(object(m));
            if (command.isPresent()) {
                List<String> found = FlagOrigin.options(key, command.get());
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
        }
        return null;
    }

    /** A tree's file as kbuild files are read (a regular file of at most 4 MiB), else no lines. */
    private static List<String> readLines(Path file) throws IOException {
        return KbuildTree.read(file).orElse(List.of());
    }

    // ---- flag ------------------------------------------------------------------------------

    /** One line that sets a differing option, with the objects that get it from there. */
    private static final class Source {
        final Path file;
        final int line;
        final String text;
        final String kind;
        final List<String> options;
        final List<String> said;
        final List<ObjectFix> objects = new ArrayList<>();
        MakefilePatch.LineChange edit;

        Source(Path file, int line, String text, String kind, List<String> options, List<String> said) {
            this.file = file;
            this.line = line;
            this.text = text;
            this.kind = kind;
            this.options = options;
            this.said = said;
        }
    }

    private ScopeFix flag() throws IOException, BitcodeLoadException {
        if (tree == null) {
            return ScopeFix.notApplicable(FixScope.flag, List.of("needs the kernel tree (--srctree)"));
        }
        List<String> why = new ArrayList<>();
        List<String> derived = new ArrayList<>();
        List<String> assumed = new ArrayList<>();
        Map<List<Object>, Source> sources = new LinkedHashMap<>();
        Map<String, List<ModuleFlag>> rebuilt = new HashMap<>(flags);
        boolean handled = true;
        for (ObjectFix o : objectPlan.objects()) {
            if (o.owner() == null || o.options().isEmpty()) {
                why.add(o.object() + ": " + (o.owner() == null ? "no kbuild file builds it" : "no .cmd file says which option sets its flags"));
                handled = false;
                continue;
            }
            KbuildFile kbuild = tree.file(o.owner());
            MakeExpander.Assignment at;
            String kind;
            Optional<MakeExpander.Assignment> own = kbuild.assignments().stream()
                    .filter(a -> a.firstLine() == o.introducedAt() && o.introducedBy() != null).findFirst();
            if (own.isPresent() && MakeExpander.words(kbuild.expand(own.get().value())).stream().anyMatch(o.options()::contains)) {
                at = own.get();
                kind = "its own line";
            } else {
                Optional<MakeExpander.Assignment> folder = kbuild.folderFlagsWith(o.options());
                if (folder.isEmpty()) {
                    why.add(o.object() + ": " + String.join(" ", o.options()) + " comes from outside " + o.owner().kbuildFile()
                            + " (an arch or top Makefile): change it there");
                    handled = false;
                    continue;
                }
                at = folder.get();
                kind = "the folder's flags, for every object of " + folderName(o.owner().kbuildFile());
            }
            Path file = o.owner().kbuildFile();
            Source source = sources.computeIfAbsent(List.of(file, at.firstLine()), k -> {
                Source n = new Source(file, at.firstLine(), kbuild.lines().get(at.firstLine() - 1), kind, o.options(),
                        comment(kbuild.lines(), at.firstLine()));
                n.edit = removal(file, at, kbuild, o.options());
                return n;
            });
            source.objects.add(o);
            // The value the object gets without the option: what is left of its own command (.cmd)
            // for that flag, compared with what the other objects' commands give them.
            List<String> command = tree.compileCommand(object(o.module())).orElse(List.of());
            List<String> without = withoutLast(command, o.options());
            for (String key : o.keys()) {
                ModuleFlag from = minorityEntry.get(key);
                ModuleFlag to = majorityEntry.get(key);
                List<String> left = FlagOrigin.options(key, without);
                String majorityOption = optionOf(key, new LinkedHashSet<>(majorityByKey.getOrDefault(key, List.of())));
                if (!left.isEmpty() && left.get(0).equals(majorityOption)) {
                    derived.add(o.object() + ": '" + key + "' from " + left.get(0) + ", which its command keeps without "
                            + String.join(" ", o.options()) + ", as the other objects' commands give it");
                } else if (left.isEmpty()) {
                    assumed.add(o.object() + ": without " + String.join(" ", o.options()) + " no option of its command sets '"
                            + key + "': modelled with the other objects' value (" + value(key, to) + "), assumed to be"
                            + " the compiler's default for the target, not checked");
                } else {
                    why.add(o.object() + ": without " + String.join(" ", o.options()) + " its command still has "
                            + left.get(0) + (majorityOption == null ? "" : ", not " + majorityOption)
                            + ": the value it would give is not modelled");
                    handled = false;
                    continue;
                }
                List<ModuleFlag> list = rebuilt.get(o.module());
                if (list != null && from != null && list.contains(from)) {
                    rebuilt.put(o.module(), to == null ? list.stream().filter(f -> !f.equals(from)).toList()
                            : list.stream().map(f -> f.equals(from) ? to : f).toList());
                }
            }
        }
        if (sources.isEmpty()) {
            return ScopeFix.notApplicable(FixScope.flag, why);
        }
        why.add(0, "the options that set the differing flags, removed where they are set");
        List<String> changes = new ArrayList<>();
        List<MakefilePatch.LineChange> edits = new ArrayList<>();
        for (Source src : sources.values()) {
            String objects = String.join(", ", src.objects.stream().map(o -> o.object().toString()).toList());
            String code = String.join(", ", src.objects.stream()
                    .map(ObjectFix::source).toList());
            changes.add((src.edit == null ? "remove " + String.join(" ", src.options) + " from "
                    : src.edit.text() == null ? "delete " : "drop " + String.join(" ", src.options) + " from ")
                    + src.file + ":" + src.line + ": " + src.text.strip().replaceAll("\\s+", " ") + " (" + src.kind
                    + "; " + objects + "); check first: " + (src.objects.size() == 1 ? "does " + code + " run"
                    : "do " + code + " run") + " before the kernel is relocated, or at an address other than the one"
                    + " it is linked at? If so it needs the option (without it the code is position-dependent): keep it and"
                    + " choose another scope"
                    + (src.said.isEmpty() ? "" : "; the Makefile says: " + String.join(" ", src.said)));
            if (src.edit == null) {
                handled = false;
            } else {
                edits.add(src.edit);
            }
        }
        MakefilePatch patch = edits.isEmpty() ? null : MakefilePatch.ofLineChanges(tree.srctree(), edits);
        CheckResult after = LinkCheck.run(check.imports(), rebuilt, mergers, lld);
        List<String> checks = new ArrayList<>();
        checks.add("checked by the same thin link (the imports do not depend on the code-generation options) and"
                + " LLVM's flag merge, each changed object given the value below (not built, not linked by ld.lld)");
        derived.forEach(d -> checks.add("value from the .cmd files: " + d));
        assumed.forEach(a -> checks.add("assumption: " + a));
        return new ScopeFix(FixScope.flag, ScopeFix.Fit.FITS, why, changes, patch, after,
                "the objects rebuilt without the options", handled && after.passes(), checks, List.of());
    }

    /** The command without the last occurrence of each option (the one the source line adds, last on the line). */
    private static List<String> withoutLast(List<String> command, List<String> options) {
        List<String> out = new ArrayList<>(command);
        for (String o : options) {
            int at = out.lastIndexOf(o);
            if (at >= 0) {
                out.remove(at);
            }
        }
        return out;
    }

    /**
     * The edit that drops the options from an assignment: the whole line when it is one line and
     * every word it adds sets a module flag (as {@code CFLAGS_head64.o += $(PIE_CFLAGS)}), else the
     * options where they are written out (first line or a continuation line); null when they are
     * written nowhere in it (they come from a variable that also carries other options).
     */
    private static MakefilePatch.LineChange removal(Path file, MakeExpander.Assignment a, KbuildFile kbuild,
                                                    List<String> opts) {
        List<String> words = MakeExpander.words(kbuild.expand(a.value()));
        if (a.firstLine() == a.lastLine() && !KbuildFile.DIRECTORY_FLAGS.contains(a.name()) && !words.isEmpty()
                && words.stream().allMatch(FlagOrigin::setsModuleFlag)) {
            return new MakefilePatch.LineChange(file, a.firstLine(), null);
        }
        for (int line = a.firstLine(); line <= a.lastLine() && line <= kbuild.lines().size(); line++) {
            String text = kbuild.lines().get(line - 1);
            String changed = text;
            for (String o : opts) {
                changed = changed.replaceAll("([\\s=])" + Pattern.quote(o) + "(?=\\s|$)", "$1").replaceAll("([^\\s=])  +", "$1 ");
            }
            if (!changed.equals(text)) {
                return new MakefilePatch.LineChange(file, line, changed);
            }
        }
        return null;
    }

    /** The comment lines just above a line (blank lines between skipped): why the Makefile sets it. */
    private static List<String> comment(List<String> lines, int line) {
        List<String> out = new ArrayList<>();
        int i = line - 2;
        while (i >= 0 && lines.get(i).isBlank()) {
            i--;
        }
        for (; i >= 0 && lines.get(i).startsWith("#"); i--) {
            if (lines.get(i).contains("SPDX-License-Identifier")) {
                break;
            }
            out.add(0, lines.get(i).replaceFirst("^#+\\s*", ""));
        }
        return out;
    }
}
