package dev.ltocheck.kbuild;

import dev.ltocheck.check.CheckResult;
import dev.ltocheck.check.FailingImport;
import dev.ltocheck.check.LinkCheck;
import dev.ltocheck.flags.ModuleFlag;
import dev.ltocheck.imports.Import;
import dev.ltocheck.imports.ImportOptions;
import dev.ltocheck.imports.ImportResult;
import dev.ltocheck.imports.LinkOptions;
import dev.ltocheck.imports.ThinLinker;
import dev.ltocheck.imports.ThinModule;
import dev.ltocheck.input.ModuleId;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.modules.ModuleSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the objects to take out of LTO (a minimum vertex cover of the failing import pairs,
 * or with {@code robust} the whole minority flag class), explains where their flags come from,
 * lists the alternatives, writes the kbuild patch, and checks again with exactly the objects
 * that patch takes out of LTO: an object it cannot handle stays in for the verification.
 */
public final class FixPlanner {
    private FixPlanner() {
    }

    /**
     * @param mergers where LLVM merges the flags of the link after the fix (in an isolated worker with --isolate)
     * @param lld     the user's ld.lld, whose merge the link after the fix is checked with (as {@code check} does)
     * @param linker  computes the thin link after the fix (on the run's pool, or recalled from the session's memo)
     */
    public static FixPlan plan(ModuleSet set, CheckResult check, KbuildTree tree, boolean robust,
                               LinkOptions link, ImportOptions options,
                               java.util.function.Supplier<dev.ltocheck.llvm.FlagMerging> mergers,
                               dev.ltocheck.llvm.LldVersion lld, ThinLinker linker)
            throws IOException, BitcodeLoadException {
        Map<String, List<ModuleFlag>> flags = set.flagsByModule();
        Map<List<ModuleFlag>, Integer> classSizes = new HashMap<>();
        check.imports().modules().forEach(m -> classSizes.merge(flags.get(m.name()), 1, Integer::sum));
        List<List<String>> edges = new ArrayList<>();
        Map<String, Set<String>> keys = new HashMap<>();
        for (FailingImport f : check.errors()) {
            edges.add(List.of(f.into().name(), f.from().name()));
            keys.computeIfAbsent(f.into().name(), k -> new TreeSet<>()).add(f.key());
            keys.computeIfAbsent(f.from().name(), k -> new TreeSet<>()).add(f.key());
        }
        VertexCover.Result cover = VertexCover.of(edges, m -> classSizes.getOrDefault(flags.get(m), 0));
        Set<String> chosen = new LinkedHashSet<>(cover.modules());
        if (robust) {
            for (FailingImport f : check.errors()) {
                List<ModuleFlag> a = flags.get(f.into().name());
                List<ModuleFlag> b = flags.get(f.from().name());
                List<ModuleFlag> minority = classSizes.get(a) <= classSizes.get(b) ? a : b;
                check.imports().modules().stream().filter(m -> flags.get(m.name()).equals(minority))
                        .forEach(m -> chosen.add(m.name()));
            }
        }
        boolean fullLto = !check.regularConflicts().isEmpty();
        chosen.addAll(fullLtoMinority(check, flags, keys));
        Map<String, BitcodeModule> byName = new HashMap<>();
        set.bitcode().forEach(m -> byName.put(m.id().lldName(), m));
        List<ObjectFix> objects = new ArrayList<>();
        for (ThinModule m : set.thinModules()) {
            if (chosen.contains(m.name())) {
                objects.add(describe(byName.get(m.name()).id(), List.copyOf(keys.getOrDefault(m.name(), Set.of())), tree));
            }
        }
        MakefilePatch patch = tree == null ? null : MakefilePatch.of(tree.srctree(), objects);
        List<ObjectFix> unhandled = new ArrayList<>();
        for (ObjectFix f : patch == null ? List.<ObjectFix>of() : objects) {
            if (!takesOutOfLto(tree, patch, f)) {
                unhandled.add(f);
            }
        }
        Set<String> outOfLto = new HashSet<>(chosen);
        unhandled.forEach(f -> outOfLto.remove(f.module()));
        List<ThinModule> remaining = set.thinModules().stream().filter(m -> !outOfLto.contains(m.name())).toList();
        ImportResult again = linker.run(remaining, link, options);
        CheckResult after = LinkCheck.run(again, flags, mergers, lld);
        int modules = check.imports().modules().size() + check.imports().regular().size();
        return new FixPlan(objects, cover.minimal() && !robust, robust, alternatives(check, chosen.size()), patch,
                unhandled, after, modules, fullLto);
    }

    /**
     * Full LTO merges every regular module into ld-temp.o, so no import is to blame: the flag
     * classes are kept largest first, each only when it merges with every class kept before it,
     * and every module of a class not kept leaves LTO. The caller's re-check proves the choice.
     */
    private static Set<String> fullLtoMinority(CheckResult check, Map<String, List<ModuleFlag>> flags,
                                               Map<String, Set<String>> keys) {
        if (check.regularConflicts().isEmpty()) {
            return Set.of();
        }
        Map<List<ModuleFlag>, List<ThinModule>> classes = new java.util.LinkedHashMap<>();
        check.imports().regular().forEach(m -> classes.computeIfAbsent(flags.get(m.name()), k -> new ArrayList<>()).add(m));
        Map<List<List<ModuleFlag>>, String> conflicts = new HashMap<>();
        for (FailingImport f : check.regularConflicts()) {
            List<ModuleFlag> a = flags.get(f.into().name());
            List<ModuleFlag> b = flags.get(f.from().name());
            conflicts.put(List.of(a, b), f.key());
            conflicts.put(List.of(b, a), f.key());
        }
        List<List<ModuleFlag>> bySize = new ArrayList<>(classes.keySet());
        // Stable: equal sizes keep link order, so the class of the first module wins a tie.
        bySize.sort((x, y) -> Integer.compare(classes.get(y).size(), classes.get(x).size()));
        List<List<ModuleFlag>> kept = new ArrayList<>();
        Set<String> leaving = new LinkedHashSet<>();
        for (List<ModuleFlag> candidate : bySize) {
            List<String> clashes = kept.stream().map(k -> conflicts.get(List.of(candidate, k)))
                    .filter(java.util.Objects::nonNull).toList();
            if (clashes.isEmpty()) {
                kept.add(candidate);
                continue;
            }
            for (ThinModule m : classes.get(candidate)) {
                leaving.add(m.name());
                keys.computeIfAbsent(m.name(), k -> new TreeSet<>()).addAll(clashes);
            }
        }
        return leaving;
    }

    /** The object file of a module: thin members are files; a regular archive's members are taken to sit beside it. */
    public static Path objectPath(ModuleId id, Path objtree) {
        return objectPathUnder(id, objtree.toAbsolutePath().normalize());
    }

    /** {@link #objectPath} with the object tree made absolute and normal once, for a run over every module. */
    static Path objectPathUnder(ModuleId id, Path root) {
        Path path = Path.of(id.path());
        if (id.inArchive() && !id.member().contains("/") && !id.path().contains("/")) {
            Path archiveDir = Path.of(id.archive()).getParent();
            path = archiveDir == null ? path : archiveDir.resolve(path);
        }
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute) : path.normalize();
    }

    /**
     * The object's kbuild file as the patch leaves it, evaluated as make reads it, removes
     * $(CC_FLAGS_LTO) from the object: the patch as written, not as planned, is what is verified.
     */
    static boolean takesOutOfLto(KbuildTree tree, MakefilePatch patch, ObjectFix f) throws IOException {
        if (f.owner() == null) {
            return false;
        }
        Path file = f.owner().kbuildFile();
        Optional<List<String>> patched = patch.edits().stream().filter(e -> e.file().equals(file))
                .map(MakefilePatch.FileEdit::after).findFirst();
        KbuildFile evaluated = patched.isPresent() ? tree.evaluate(file, patched.get()) : tree.file(f.owner());
        return evaluated.removesLto(f.owner().stem());
    }

    private static ObjectFix describe(ModuleId id, List<String> keys, KbuildTree tree) throws IOException {
        if (tree == null) {
            return new ObjectFix(id.lldName(), Path.of(id.path()), keys, List.of(), null, 0, null, 0, false);
        }
        Path object = objectPath(id, tree.objtree());
        List<String> options = new ArrayList<>();
        List<String> command = tree.compileCommand(object).orElse(List.of());
        for (String key : keys) {
            FlagOrigin.options(key, command).stream().filter(o -> !options.contains(o)).forEach(options::add);
        }
        KbuildTree.Owner owner = tree.owner(object).orElse(null);
        if (owner == null) {
            return new ObjectFix(id.lldName(), object, keys, options, null, 0, null, 0, false);
        }
        KbuildFile file = tree.file(owner);
        MakeExpander.Assignment anchor = file.anchor(owner.stem(), options).orElse(null);
        return new ObjectFix(id.lldName(), object, keys, options, owner, anchor == null ? 0 : anchor.firstLine(),
                anchor == null ? null : file.lines().get(anchor.firstLine() - 1), file.insertAfter(owner.stem(), anchor),
                file.removesLto(owner.stem()));
    }

    private static List<FixPlan.Alternative> alternatives(CheckResult check, int coverSize) {
        int modules = check.imports().modules().size() + check.imports().regular().size();
        Set<String> functions = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        // Names the compiler made (.str.N, __func__ copies) are told by construct, never listed one by one.
        Set<Map.Entry<String, String>> made = new LinkedHashSet<>();
        for (FailingImport f : check.errors()) {
            for (Import i : f.imports()) {
                String source = f.from().summary().sourceFilename();
                if (CompilerMadeNames.construct(i.name()).isPresent()) {
                    made.add(Map.entry(i.name(), source));
                    continue;
                }
                String where = CompilerMadeNames.written(i.name()) + " (" + source + ")";
                (i.kind() == Import.Kind.FUNCTION ? functions : variables).add(where);
            }
        }
        List<String> constructs = CompilerMadeNames.describe(List.copyOf(made));
        List<FixPlan.Alternative> alternatives = new ArrayList<>();
        if (!functions.isEmpty() || !variables.isEmpty() || !constructs.isEmpty()) {
            List<FixPlan.Named> lists = new ArrayList<>();
            if (!functions.isEmpty()) {
                lists.add(new FixPlan.Named("mark noinline (NoInline summaries are never imported)", List.copyOf(functions), true));
            }
            if (!variables.isEmpty()) {
                lists.add(new FixPlan.Named("move these variables' definitions into an object built with the majority flags",
                        List.copyOf(variables), true));
            }
            if (!constructs.isEmpty()) {
                lists.add(new FixPlan.Named("the compiler's own constants go with the functions that use them",
                        constructs, false));
            }
            alternatives.add(new FixPlan.Alternative(modules, "keep every object in LTO:", lists));
            alternatives.add(new FixPlan.Alternative(modules, "keep every object in LTO: make the flag agree"
                    + " (drop the differing options from the objects' CFLAGS lines), if that code can be built that way"));
        }
        if (!check.regularConflicts().isEmpty() && alternatives.isEmpty()) {
            alternatives.add(new FixPlan.Alternative(modules, "keep every object in LTO: make the flag agree"
                    + " (drop the differing options from the objects' CFLAGS lines), if that code can be built that way"));
        }
        alternatives.add(new FixPlan.Alternative(modules - coverSize, "take the objects above out of LTO (the patch)"));
        alternatives.sort((a, b) -> Integer.compare(b.keptInLto(), a.keptInLto()));
        return alternatives;
    }
}
