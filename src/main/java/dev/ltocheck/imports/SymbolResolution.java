package dev.ltocheck.imports;

import dev.ltocheck.summary.Linkage;
import dev.ltocheck.summary.Symbol;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;

import java.util.List;

/**
 * lld's symbol resolution, as far as ThinLTO sees it: which modules join the link (lazy archive
 * members are extracted when they define a symbol that is still undefined, as lld does while it
 * reads the archive), and which module's definition of each name prevails (the first strong
 * definition in link order, else the first weak or common one).
 *
 * <p>Names are kept by GUID (the MD5 of the name, what the thin link knows them by), which the
 * summary reader computed once per symbol.
 */
final class SymbolResolution {
    private static final int NONE = -1;

    private final List<ThinModule> offered;
    private final IntArrayList joined = new IntArrayList();
    private final boolean[] isJoined;
    // per GUID: module << 1 | strong
    private final Long2IntOpenHashMap definitions;
    private final LongOpenHashSet undefined = new LongOpenHashSet();
    private final Long2IntOpenHashMap lazyProviders = new Long2IntOpenHashMap();
    private final LongOpenHashSet known;

    private SymbolResolution(List<ThinModule> offered) {
        this.offered = offered;
        this.isJoined = new boolean[offered.size()];
        // Sized for every symbol up front: grown step by step, a kernel's 400,000 were rehashed
        // a dozen times over.
        int symbols = 0;
        for (ThinModule m : offered) {
            symbols += m.summary().symbols().size();
        }
        definitions = new Long2IntOpenHashMap(symbols);
        known = new LongOpenHashSet(symbols);
        definitions.defaultReturnValue(NONE);
        lazyProviders.defaultReturnValue(NONE);
    }

    static SymbolResolution resolve(List<ThinModule> offered) {
        SymbolResolution r = new SymbolResolution(offered);
        for (int i = 0; i < offered.size(); i++) {
            if (offered.get(i).lazy()) {
                r.offerLazy(i);
            } else {
                r.join(i);
            }
        }
        return r;
    }

    /** Offered modules that joined the link, in the order lld added them to LTO. */
    IntList joined() {
        return joined;
    }

    boolean joined(int module) {
        return isJoined[module];
    }

    /** The module whose definition of the symbol prevails, or -1. */
    int prevailingModule(long guid) {
        int d = definitions.get(guid);
        return d == NONE ? NONE : d >>> 1;
    }

    /** Every linker-visible symbol (by GUID) defined or referenced by a joined module. */
    LongSet known() {
        return known;
    }

    private void join(int module) {
        joined.add(module);
        isJoined[module] = true;
        List<Symbol> symbols = offered.get(module).summary().symbols();
        for (Symbol s : symbols) {
            if (s.isLinkerVisible() && s.definition()) {
                define(s.guid(), module, !s.linkage().isWeakForLinker());
            }
        }
        for (Symbol s : symbols) {
            if (s.isLinkerVisible() && !s.definition()) {
                reference(s.guid());
            }
        }
    }

    private void define(long guid, int module, boolean strong) {
        known.add(guid);
        undefined.remove(guid);
        int existing = definitions.get(guid);
        if (existing == NONE || (strong && (existing & 1) == 0)) {
            definitions.put(guid, module << 1 | (strong ? 1 : 0));
        }
    }

    private void reference(long guid) {
        known.add(guid);
        if (definitions.containsKey(guid)) {
            return;
        }
        int provider = lazyProviders.get(guid);
        if (provider != NONE) {
            extract(provider);
        } else {
            undefined.add(guid);
        }
    }

    private void offerLazy(int module) {
        for (Symbol s : offered.get(module).summary().symbols()) {
            if (!s.isLinkerVisible() || !s.definition() || s.linkage() == Linkage.EXTERNAL_WEAK) {
                continue;
            }
            if (undefined.contains(s.guid())) {
                extract(module);
                return;
            }
            lazyProviders.putIfAbsent(s.guid(), module);
        }
    }

    private void extract(int module) {
        if (!isJoined[module]) {
            lazyProviders.long2IntEntrySet().removeIf(e -> e.getIntValue() == module);
            join(module);
        }
    }
}
