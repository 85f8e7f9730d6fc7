package dev.ltocheck.flags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a flag value's metadata graph into a {@link FlagValue} tree, for both readers, with the
 * same bounds: a node met again on the path from the root (a cycle), nesting past
 * {@link FlagValue.Limits#MAX_DEPTH} or a tree past {@link FlagValue.Limits#MAX_ITEMS} becomes
 * {@link FlagValue.Damaged}, so that no reader, renderer or codec walks without end. The same
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

    private final Graph<R> graph;
    private final Set<Object> path = new HashSet<>();
    private int items;

    private FlagTreeBuilder(Graph<R> graph) {
        this.graph = graph;
    }

    public static <R> FlagValue build(Graph<R> graph, R root) {
        return new FlagTreeBuilder<>(graph).value(root, 0);
    }

    private FlagValue value(R ref, int depth) {
        if (++items > FlagValue.Limits.MAX_ITEMS) {
            return tooLarge();
        }
        FlagValue leaf = graph.leaf(ref);
        if (leaf != null) {
            return leaf;
        }
        Object id = graph.identity(ref);
        if (path.contains(id)) {
            return new FlagValue.Damaged(CYCLE);
        }
        if (depth >= FlagValue.Limits.MAX_DEPTH) {
            return new FlagValue.Damaged("nodes nested deeper than " + FlagValue.Limits.MAX_DEPTH);
        }
        if (graph.operandCount(ref) > FlagValue.Limits.MAX_ITEMS - items) {
            items = FlagValue.Limits.MAX_ITEMS;
            return tooLarge();
        }
        path.add(id);
        List<FlagValue> operands = new ArrayList<>();
        for (R op : graph.operands(ref)) {
            operands.add(value(op, depth + 1));
            if (items > FlagValue.Limits.MAX_ITEMS) {
                break; // the rest would each be one more "too large"
            }
        }
        path.remove(id);
        return new FlagValue.Node(operands);
    }

    private static FlagValue.Damaged tooLarge() {
        return new FlagValue.Damaged("more than " + FlagValue.Limits.MAX_ITEMS + " nodes and leaves");
    }
}
