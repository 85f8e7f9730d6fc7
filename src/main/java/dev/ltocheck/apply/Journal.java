package dev.ltocheck.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The small file in the tree's root that makes an apply all-or-none: while it exists, an apply is
 * under way or was interrupted. It names every file of the apply, the new and backup copies
 * beside it, and the hashes that tell which of the two a file now holds.
 *
 * @param pid     the process that wrote it
 * @param started when that process started (epoch ms, -1 unknown): a reused pid is not the writer
 * @param state   {@code writing} while the copies are written (nothing replaced yet), then {@code renaming}
 */
record Journal(long pid, long started, State state, List<Entry> entries) {
    static final String NAME = ".ltocheck-apply.journal";
    private static final String HEADER = "ltocheck apply journal 1";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    enum State { WRITING, RENAMING }

    /**
     * One file: {@code target} relative to the tree's real root; {@code fresh} and {@code backup}
     * are names in the target's folder.
     */
    /** One file of an apply; {@code fresh} and {@code backup} are names beside the target, never paths. */
    record Entry(Path target, String fresh, String backup, String oldHash, String newHash) {
        Entry {
            if (!ExclusiveFile.isOurs(fresh) || !ExclusiveFile.isOurs(backup)) {
                throw new IllegalArgumentException("not names of ours beside " + target + ": " + fresh + ", " + backup);
            }
        }
    }

    Journal withState(State next) {
        return new Journal(pid, started, next, entries);
    }

    byte[] bytes() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("pid ").append(pid).append(' ').append(started).append('\n');
        text.append("state ").append(state.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        for (Entry e : entries) {
            text.append(String.join("\t", slashed(e.target()), e.fresh(), e.backup(), e.oldHash(), e.newHash())).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a journal says; a damaged or foreign one is an exception naming the line. */
    static Journal parse(byte[] bytes) throws IOException {
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        if (lines.size() < 3 || !lines.get(0).equals(HEADER)) {
            throw damaged(1, "not an ltocheck apply journal");
        }
        String[] pid = lines.get(1).split(" ");
        String[] state = lines.get(2).split(" ");
        if (pid.length != 3 || !pid[0].equals("pid") || state.length != 2 || !state[0].equals("state")) {
            throw damaged(2, "no pid or state");
        }
        State s;
        long process;
        long started;
        try {
            s = State.valueOf(state[1].toUpperCase(java.util.Locale.ROOT));
            process = Long.parseLong(pid[1]);
            started = Long.parseLong(pid[2]);
        } catch (IllegalArgumentException e) {
            throw damaged(2, e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 3; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != 5 || !HASH.matcher(f[3]).matches() || !HASH.matcher(f[4]).matches()
                    || !ExclusiveFile.isOurs(f[1]) || !ExclusiveFile.isOurs(f[2])) {
                throw damaged(i + 1, "not a file entry");
            }
            Path target = Path.of(f[0]);
            if (!staysBelow(target)) {
                throw damaged(i + 1, f[0] + " is not a path inside the tree");
            }
            entries.add(new Entry(target, f[1], f[2], f[3], f[4]));
        }
        return new Journal(process, started, s, List.copyOf(entries));
    }

    /** A relative path with no {@code ..} and no empty part: it names something below its root. */
    static boolean staysBelow(Path relative) {
        if (relative.isAbsolute() || relative.toString().isEmpty()) {
            return false;
        }
        for (Path part : relative) {
            String name = part.toString();
            if (name.isEmpty() || name.equals("..") || name.equals(".")) {
                return false;
            }
        }
        return true;
    }

    /** The process that wrote this journal, if it still runs (same pid and start time). */
    Optional<ProcessHandle> liveWriter() {
        return ProcessHandle.of(pid).filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> started < 0 || p.info().startInstant().map(t -> t.toEpochMilli() == started).orElse(true));
    }

    static long startOfThisProcess() {
        return ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String slashed(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    private static IOException damaged(int line, String why) {
        return new IOException(NAME + " is damaged (line " + line + ": " + why + "); check the files it names,"
                + " then remove it");
    }
}
