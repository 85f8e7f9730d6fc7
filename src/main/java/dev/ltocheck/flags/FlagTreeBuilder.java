package dev.ltocheck.flags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a flag value's metadata graph into a {@link FlagValue} tree, for both readers, with the
 * same bounds: a node met again on the path from the root (a cycle), nesting past
 * {@link FlagValue.Limits#MAX_DEPTH} or a tree past {@link FlagValue.Limits#MAX_ITEMS} makes the
 * whole value {@link FlagValue.Damaged}, so that no reader, renderer or codec walks without end. The same
 * depth-first order and counting in both readers gives the same tree for the same bitcode.
 *
 * @param <R> a reference to one piece of metadata in the reader's graph
 */
public final class FlagTreeBuilder<R> {
    /** The reader's view of its metadata graph. */
    public interface Graph<R> {
        /** The leaf this reference is ({@link FlagValue.Int}, {@link FlagValue.Str}, ...), or null for a tuple. */
        FlagValue leaf(R ref);

        /** What tells two references to the same node apart from others (an id, an address). */
        Object identity(R ref);

        int operandCount(R tuple);

        List<R> operands(R tuple);
    }

    public static final String CYCLE = "a node that contains itself";

    /** A finished subtree with no damage in it: shared again wherever its node is met (a DAG stays small in memory). */
    private record Built(FlagValue value, int items, int height) {
    }

    private final Graph<R> graph;
    private final Set<Object> path = new HashSet<>();
    private final Map<Object, Built> built = new HashMap<>();
    private int items;
    private int height; // of the value the last call returned: nodes on its longest path down
    private int damaged; // Damaged values made so far

    private FlagTreeBuilder(Graph<R> graph) {
        this.graph = graph;
    }

    /**
     * The value's tree, or, when any part of it is damaged, only the first {@link FlagValue.Damaged}:
     * a damaged value is never merged, and its partial tree could still print megabytes.
     */
    public static <R> FlagValue build(Graph<R> graph, R root) {
        FlagValue value = new FlagTreeBuilder<>(graph).value(root, 0);
        FlagValue.Damaged damage = value.damage();
        return damage != null ? damage : value;
    }

    private FlagValue value(R ref, int depth) {
        height = 0;
        int before = items;
        if (++items > FlagValue.Limits.MAX_ITEMS) {
            return tooLarge();
        }
        FlagValue leaf = graph.leaf(ref);
        if (leaf != null) {
            if (leaf instanceof FlagValue.Damaged) {
                damaged++;
            }
            return leaf;
        }
        Object id = graph.identity(ref);
        if (path.contains(id)) {
            damaged++;
            return new FlagValue.Damaged(CYCLE);
        }
        Built done = built.get(id);
        // The same tree the walk below would give, counted the same, without building it again.
        if (done != null && depth + done.height() <= FlagValue.Limits.MAX_DEPTH
                && before + done.items() <= FlagValue.Limits.MAX_ITEMS) {
            items = before + done.items();
            height = done.height();
            return done.value();
        }
        if (depth >= FlagValue.Limits.MAX_DEPTH) {
            damaged++;
            return new FlagValue.Damaged("nodes nested deeper than " + FlagValue.Limits.MAX_DEPTH);
        }
        if (graph.operandCount(ref) > FlagValue.Limits.MAX_ITEMS - items) {
            items = FlagValue.Limits.MAX_ITEMS + 1;
            return tooLarge();
        }
        int damagedBefore = damaged;
        path.add(id);
        List<FlagValue> operands = new ArrayList<>();
        int deepest = 0;
        for (R op : graph.operands(ref)) {
            operands.add(value(op, depth + 1));
            deepest = Math.max(deepest, height);
            if (items > FlagValue.Limits.MAX_ITEMS) {
                break; // the rest would each be one more "too large"
            }
        }
        path.remove(id);
        FlagValue.Node node = new FlagValue.Node(operands);
        height = deepest + 1;
        if (damaged == damagedBefore) {
            built.put(id, new Built(node, items - before, height));
        }
        return node;
    }

    private FlagValue.Damaged tooLarge() {
        damaged++;
        return new FlagValue.Damaged("more than " + FlagValue.Limits.MAX_ITEMS + " nodes and leaves");
    }
}
