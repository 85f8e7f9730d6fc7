package dev.ltocheck.session;

import dev.ltocheck.input.ModuleId;
import dev.ltocheck.kbuild.FixPlanner;
import dev.ltocheck.kbuild.KbuildFile;
import dev.ltocheck.kbuild.KbuildTree;
import dev.ltocheck.kbuild.MakefilePatch;
import dev.ltocheck.llvm.BitcodeLoadException;
import dev.ltocheck.llvm.LlvmThreads;
import dev.ltocheck.modules.LoadedObject.BitcodeModule;
import dev.ltocheck.sections.SectionCheck;
import dev.ltocheck.sections.SectionsResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What leaves the confined sections, and the kbuild lines that stop it.
 *
 * @param ids      each module's id by lld name
 * @param sources  each module's source file by lld name
 * @param fixFiles the kbuild file that takes each fixed module's lines, by lld name
 * @param patch    those lines as a patch of the tree, or null without a tree
 * @param outside  objects whose path leaves the tree: reported, never patched
 */
public record SectionsAnswer(SectionsResult result, Map<String, ModuleId> ids, Map<String, String> sources,
                             Map<String, String> fixFiles, MakefilePatch patch, List<Path> outside) {

    /** Checks {@code link}'s modules, each named by its kbuild stem when {@code tree} knows it. */
    static SectionsAnswer of(LoadedLink link, List<String> confine, KbuildTree tree)
            throws IOException, BitcodeLoadException {
        Map<String, ModuleId> ids = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (BitcodeModule m : link.modules().bitcode()) {
            ids.put(m.id().lldName(), m.id());
            sources.put(m.id().lldName(), m.facts().sourceFilename());
        }
        Map<ModuleId, KbuildTree.Owner> owners = new HashMap<>();
        // LLVM parses whole modules here: on a thread with the stack LLVM's loader threads have.
        SectionsResult result = LlvmThreads.call("ltocheck-sections", () -> SectionCheck.run(link.modules(), confine,
                link.imports(), id -> stem(tree, id, owners)));
        List<MakefilePatch.Addition> additions = new ArrayList<>();
        Map<String, String> fixFiles = new HashMap<>();
        List<Path> outside = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : result.fixLines().entrySet()) {
            KbuildTree.Owner owner = owners.get(ids.get(e.getKey()));
            if (owner != null) {
                KbuildFile file = tree.file(owner);
                additions.add(new MakefilePatch.Addition(owner.kbuildFile(),
                        file.insertAfter(owner.stem(), file.anchor(owner.stem(), List.of()).orElse(null)), e.getValue()));
                fixFiles.put(e.getKey(), owner.kbuildFile().toString());
            } else if (owners.containsKey(ids.get(e.getKey()))) {
                outside.add(FixPlanner.objectPath(ids.get(e.getKey()), tree.objtree()));
            }
        }
        MakefilePatch patch = tree == null ? null : MakefilePatch.ofAdditions(tree.srctree(), additions);
        return new SectionsAnswer(result, ids, sources, fixFiles, patch, List.copyOf(outside));
    }

    private static String stem(KbuildTree tree, ModuleId id, Map<ModuleId, KbuildTree.Owner> owners) {
        if (tree != null) {
            try {
                Path object = FixPlanner.objectPath(id, tree.objtree());
                if (KbuildTree.leavesTree(object)) {
                    owners.put(id, null);
                }
                KbuildTree.Owner owner = tree.owner(object).orElse(null);
                if (owner != null) {
                    owners.put(id, owner);
                    return owner.stem();
                }
            } catch (IOException e) {
                // fall back to the basename
            }
        }
        return KbuildTree.stem(id.fileName());
    }
}
