package dev.ltocheck.imports;

import dev.ltocheck.summary.Guid;
import dev.ltocheck.summary.Linkage;
import dev.ltocheck.summary.Symbol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * lld's symbol resolution, as far as ThinLTO sees it: which modules join the link (lazy archive
 * members are extracted when they define a symbol that is still undefined, as lld does while it
 * reads the archive), and which module's definition of each name prevails (the first strong
 * definition in link order, else the first weak or common one).
 */
final class SymbolResolution {
    private record Definition(int module, boolean strong) {
    }

    private final List<ThinModule> offered;
    private final List<Integer> joined = new ArrayList<>();
    private final Set<Integer> extracted = new HashSet<>();
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Set<String> undefined = new HashSet<>();
    private final Map<String, Integer> lazyProviders = new HashMap<>();
    private final Set<String> known = new HashSet<>();

    private SymbolResolution(List<ThinModule> offered) {
        this.offered = offered;
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
    List<Integer> joined() {
        return joined;
    }

    /** The module whose definition of {@code name} prevails, or -1. */
    int prevailingModule(String name) {
        Definition d = definitions.get(name);
        return d == null ? -1 : d.module();
    }

    /** Every linker-visible name defined or referenced by a joined module. */
    Set<String> knownNames() {
        return known;
    }

    Map<Long, Integer> prevailingModuleByGuid() {
        Map<Long, Integer> result = new HashMap<>();
        definitions.forEach((name, d) -> result.put(Guid.of(name), d.module()));
        return result;
    }

    private void join(int module) {
        joined.add(module);
        List<Symbol> symbols = offered.get(module).summary().symbols();
        for (Symbol s : symbols) {
            if (s.isLinkerVisible() && s.definition()) {
                define(s.name(), module, !s.linkage().isWeakForLinker());
            }
        }
        for (Symbol s : symbols) {
            if (s.isLinkerVisible() && !s.definition()) {
                reference(s.name());
            }
        }
    }

    private void define(String name, int module, boolean strong) {
        known.add(name);
        undefined.remove(name);
        Definition existing = definitions.get(name);
        if (existing == null || (strong && !existing.strong())) {
            definitions.put(name, new Definition(module, strong));
        }
    }

    private void reference(String name) {
        known.add(name);
        if (definitions.containsKey(name)) {
            return;
        }
        Integer provider = lazyProviders.get(name);
        if (provider != null) {
            extract(provider);
        } else {
            undefined.add(name);
        }
    }

    private void offerLazy(int module) {
        for (Symbol s : offered.get(module).summary().symbols()) {
            if (!s.isLinkerVisible() || !s.definition() || s.linkage() == Linkage.EXTERNAL_WEAK) {
                continue;
            }
            if (undefined.contains(s.name())) {
                extract(module);
                return;
            }
            lazyProviders.putIfAbsent(s.name(), module);
        }
    }

    private void extract(int module) {
        if (extracted.add(module)) {
            lazyProviders.values().removeIf(m -> m == module);
            join(module);
        }
    }
}
