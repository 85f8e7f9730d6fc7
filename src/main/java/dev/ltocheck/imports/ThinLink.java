package dev.ltocheck.imports;

import dev.ltocheck.summary.Guid;
import dev.ltocheck.summary.ModuleSummary;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ld.lld 20's thin link, predicted from summaries: symbol resolution, liveness, attribute
 * propagation, then every module's import list ({@code LTO::run}, {@code LTO::runThinLTO},
 * {@code ComputeCrossModuleImport}).
 */
public final class ThinLink {
    private ThinLink() {
    }

    public static ImportResult run(List<ThinModule> offered, LinkOptions link, ImportOptions options) {
        SymbolResolution resolution = SymbolResolution.resolve(offered);
        List<ThinModule> thin = new ArrayList<>();
        List<ThinModule> regular = new ArrayList<>();
        Map<Integer, Integer> thinIndexOfOffered = new HashMap<>();
        for (int i : resolution.joined()) {
            if (offered.get(i).summary().kind() == ModuleSummary.Kind.THIN) {
                thinIndexOfOffered.put(i, thin.size());
                thin.add(offered.get(i));
            } else {
                regular.add(offered.get(i));
            }
        }
        List<ThinModule> notJoined = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            if (!resolution.joined().contains(i)) {
                notJoined.add(offered.get(i));
            }
        }

        LongOpenHashSet preserved = new LongOpenHashSet();
        Long2ObjectOpenHashMap<Liveness.Prevailing> prevailing = new Long2ObjectOpenHashMap<>();
        Long2IntOpenHashMap prevailingModule = new Long2IntOpenHashMap();
        prevailingModule.defaultReturnValue(-1);
        for (String name : resolution.knownNames()) {
            long guid = Guid.of(name);
            int owner = resolution.prevailingModule(name);
            prevailing.put(guid, owner >= 0 ? Liveness.Prevailing.YES : Liveness.Prevailing.NO);
            if (owner < 0) {
                continue;
            }
            Integer thinOwner = thinIndexOfOffered.get(owner);
            if (thinOwner != null) {
                prevailingModule.put(guid, thinOwner.intValue());
            }
            boolean outsideSummary = thinOwner == null;
            if (link.relocatable() || outsideSummary || name.equals(link.entry()) || link.exported().contains(name)
                    || link.nativeReferences().contains(name)) {
                preserved.add(guid);
            }
        }

        CombinedIndex index = new CombinedIndex(List.copyOf(thin));
        boolean importEnabled = options.ltoOptLevel() > 0;
        Liveness.computeDeadSymbols(index, preserved, prevailing, options);
        if (importEnabled) {
            Liveness.propagateAttributes(index, preserved, options);
        }
        List<ModuleImports> perModule = new ArrayList<>();
        FunctionImporter importer = new FunctionImporter(index, options, prevailingModule, new int[1]);
        for (int m = 0; m < thin.size(); m++) {
            perModule.add(importEnabled ? importer.computeImportForModule(m) : new ModuleImports(m, List.of()));
        }
        return new ImportResult(List.copyOf(thin), List.copyOf(perModule), List.copyOf(notJoined), List.copyOf(regular));
    }
}
