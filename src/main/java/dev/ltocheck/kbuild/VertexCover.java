package dev.ltocheck.kbuild;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The fewest modules that touch every conflicting import pair. Conflicts run between flag
 * classes, so a component is usually bipartite: then König's theorem gives an exact minimum
 * from a maximum matching (Kuhn's augmenting paths), built so that ties go to the side whose
 * flag class is the minority. A component that is not bipartite (three classes in an odd cycle)
 * gets the greedy highest-degree cover, and the result says it is not proven minimal.
 */
final class VertexCover {
    /** The cover and whether every component was solved exactly. */
    record Result(Set<String> modules, boolean minimal) {
    }

    private VertexCover() {
    }

    /**
     * @param edges     pairs of module names
     * @param classSize how many modules share a module's flags: smaller means minority
     */
    static Result of(List<List<String>> edges, ToIntFunction<String> classSize) {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        for (List<String> e : edges) {
            if (!e.get(0).equals(e.get(1))) {
                graph.computeIfAbsent(e.get(0), k -> new LinkedHashSet<>()).add(e.get(1));
                graph.computeIfAbsent(e.get(1), k -> new LinkedHashSet<>()).add(e.get(0));
            }
        }
        Set<String> cover = new LinkedHashSet<>();
        boolean minimal = true;
        Set<String> seen = new HashSet<>();
        for (String start : graph.keySet()) {
            if (seen.contains(start)) {
                continue;
            }
            Map<String, Integer> color = new LinkedHashMap<>();
            boolean bipartite = colour(graph, start, color);
            seen.addAll(color.keySet());
            if (bipartite) {
                cover.addAll(konig(graph, color, classSize));
            } else {
                minimal = false;
                cover.addAll(greedy(graph, color.keySet(), classSize));
            }
        }
        return new Result(cover, minimal);
    }

    private static boolean colour(Map<String, Set<String>> graph, String start, Map<String, Integer> color) {
        boolean bipartite = true;
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        color.put(start, 0);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : graph.get(v)) {
                if (!color.containsKey(w)) {
                    color.put(w, 1 - color.get(v));
                    queue.add(w);
                } else if (color.get(w).equals(color.get(v))) {
                    bipartite = false;
                }
            }
        }
        return bipartite;
    }

    private static Set<String> konig(Map<String, Set<String>> graph, Map<String, Integer> color,
                                     ToIntFunction<String> classSize) {
        // The minority side is "left": König's construction then keeps left vertices where it can.
        long size0 = color.entrySet().stream().filter(e -> e.getValue() == 0).mapToLong(e -> classSize.applyAsInt(e.getKey())).sum();
        long size1 = color.entrySet().stream().filter(e -> e.getValue() == 1).mapToLong(e -> classSize.applyAsInt(e.getKey())).sum();
        int leftColour = size0 <= size1 ? 0 : 1;
        List<String> left = color.keySet().stream().filter(v -> color.get(v) == leftColour).toList();
        Map<String, String> matchOfRight = new HashMap<>();
        Map<String, String> matchOfLeft = new HashMap<>();
        for (String u : left) {
            augment(graph, u, new HashSet<>(), matchOfRight, matchOfLeft);
        }
        // Z: reachable from unmatched left vertices by alternating paths.
        Set<String> z = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String u : left) {
            if (!matchOfLeft.containsKey(u)) {
                z.add(u);
                queue.add(u);
            }
        }
        while (!queue.isEmpty()) {
            String u = queue.poll();
            for (String v : graph.get(u)) {
                if (z.add(v)) {
                    String next = matchOfRight.get(v);
                    if (next != null && z.add(next)) {
                        queue.add(next);
                    }
                }
            }
        }
        Set<String> cover = new LinkedHashSet<>();
        for (String v : color.keySet()) {
            boolean isLeft = color.get(v) == leftColour;
            if (isLeft != z.contains(v)) {
                cover.add(v);
            }
        }
        return cover;
    }

    private static boolean augment(Map<String, Set<String>> graph, String u, Set<String> visited,
                                   Map<String, String> matchOfRight, Map<String, String> matchOfLeft) {
        for (String v : graph.get(u)) {
            if (visited.add(v)) {
                String other = matchOfRight.get(v);
                if (other == null || augment(graph, other, visited, matchOfRight, matchOfLeft)) {
                    matchOfRight.put(v, u);
                    matchOfLeft.put(u, v);
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> greedy(Map<String, Set<String>> graph, Set<String> component,
                                      ToIntFunction<String> classSize) {
        Map<String, Set<String>> remaining = new LinkedHashMap<>();
        component.forEach(v -> remaining.put(v, new HashSet<>(graph.get(v))));
        Set<String> cover = new LinkedHashSet<>();
        while (remaining.values().stream().anyMatch(s -> !s.isEmpty())) {
            String pick = remaining.keySet().stream()
                    .max(Comparator.comparingInt((String v) -> remaining.get(v).size())
                            .thenComparing(v -> -classSize.applyAsInt(v)))
                    .orElseThrow();
            cover.add(pick);
            for (String w : new ArrayList<>(remaining.get(pick))) {
                remaining.get(w).remove(pick);
            }
            remaining.get(pick).clear();
        }
        return cover;
    }
}
