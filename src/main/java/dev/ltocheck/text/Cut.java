package dev.ltocheck.text;

import java.util.List;

/**
 * A long list cut short, said one way in every report and CLI line: the first items, then
 * "... and N more".
 */
public final class Cut {
    private Cut() {
    }

    /** {@code ... and N more} for the items of {@code total} past the {@code shown} first; empty when none are. */
    public static String rest(long total, long shown) {
        return total > shown ? "... and " + (total - shown) + " more" : "";
    }

    /** {@link #rest} after a space, to follow what was shown on the same line; empty when nothing is cut. */
    public static String after(long total, long shown) {
        return total > shown ? " " + rest(total, shown) : "";
    }

    /** The first {@code limit} items joined with ", ", then {@link #after} for the rest. */
    public static String join(List<String> items, int limit) {
        return String.join(", ", items.stream().limit(limit).toList()) + after(items.size(), limit);
    }
}
