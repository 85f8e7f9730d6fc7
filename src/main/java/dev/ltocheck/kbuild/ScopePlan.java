package dev.ltocheck.kbuild;

import java.util.List;

/**
 * The fix at the scope asked for (or chosen by {@code auto}), beside the scopes considered.
 *
 * @param asked      what {@code --scope} asked for
 * @param chosen     the fix offered
 * @param considered every scope looked at, in {@code auto}'s order of preference, the chosen one among them
 * @param reason     why {@code chosen} was taken over the others
 * @param failing    what fails, one line per differing flag: its values, how many modules on each side, which
 */
public record ScopePlan(FixScope asked, ScopeFix chosen, List<ScopeFix> considered, String reason, List<String> failing) {
}
