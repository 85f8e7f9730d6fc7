package dev.ltocheck.archive;

import java.util.List;
import java.util.Optional;

/**
 * The members of one archive, in file order (the order lld extracts them in).
 *
 * @param thin    members are references to files beside the archive ({@code !<thin>})
 * @param members every member that could be read, symbol and name tables excluded
 * @param damage  why reading stopped early, when the archive is truncated or corrupt; the
 *                members before that point are still usable
 */
public record Archive(boolean thin, List<ArchiveMember> members, Optional<ArchiveFormatException> damage) {
}
