package dev.ltocheck.flags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ProfileSummary} module flag that PGO writes (LLVM's {@code ProfileSummary::getMD}):
 * a tuple of {@code !{!"Name", value}} pairs, {@code ProfileFormat}, {@code TotalCount},
 * {@code MaxCount}, {@code MaxInternalCount}, {@code MaxFunctionCount}, {@code NumCounts},
 * {@code NumFunctions}, {@code IsPartialProfile}, {@code PartialProfileRatio} and
 * {@code DetailedSummary} (one {@code !{i32 cutoff, i64 min count, i32 counts}} per cutoff in
 * millionths). Its behaviour is Error: two modules built from different profiles cannot import
 * from each other, and LLVM 20 prints the two values as metadata pointers (llvm-project #148805).
 *
 * @param fields the pairs in the order the tuple holds them
 */
public record ProfileSummary(List<Field> fields) {
    public static final String KEY = "ProfileSummary";
    static final String RATIO = "PartialProfileRatio";
    static final String PARTIAL = "IsPartialProfile";
    static final String DETAILED = "DetailedSummary";

    /** One {@code !{!"Name", value}} pair. */
    public record Field(String name, FlagValue value) {
        /** The value for a reader: a count as a number, a string as itself, a tuple as LLVM prints it. */
        public String text() {
            if (value instanceof FlagValue.Int i) {
                return Long.toString(i.value());
            }
            if (value instanceof FlagValue.Str s) {
                return s.text();
            }
            if (value instanceof FlagValue.Constant c && c.text().startsWith("double ")) {
                return c.text().substring("double ".length());
            }
            return value.llvmText();
        }
    }

    /** One cutoff of the detailed summary: at {@code cutoff} millionths of the total count. */
    public record Cutoff(long cutoff, long minCount, long counts) {
    }

    public ProfileSummary {
        fields = List.copyOf(fields);
    }

    /** The summary a flag value holds, or empty when it is not a tuple of named pairs. */
    public static Optional<ProfileSummary> of(FlagValue value) {
        if (!(value instanceof FlagValue.Node node) || node.operands().isEmpty()) {
            return Optional.empty();
        }
        List<Field> fields = new ArrayList<>();
        for (FlagValue op : node.operands()) {
            if (!(op instanceof FlagValue.Node pair) || pair.operands().size() != 2
                    || !(pair.operands().get(0) instanceof FlagValue.Str name)) {
                return Optional.empty();
            }
            fields.add(new Field(name.text(), pair.operands().get(1)));
        }
        return fields.get(0).name().equals("ProfileFormat") ? Optional.of(new ProfileSummary(fields)) : Optional.empty();
    }

    public Optional<Field> field(String name) {
        return Optional.ofNullable(byName().get(name));
    }

    // The first field of each name (a hostile tuple may have 200,000: lookups stay linear overall).
    private java.util.Map<String, Field> byName() {
        java.util.Map<String, Field> map = new java.util.LinkedHashMap<>();
        fields.forEach(f -> map.putIfAbsent(f.name(), f));
        return map;
    }

    /** {@code SampleProfile}, {@code InstrProf} or {@code CSInstrProf}. */
    public String format() {
        return field("ProfileFormat").map(Field::text).orElse("");
    }

    public Optional<Long> count(String name) {
        return field(name).filter(f -> f.value() instanceof FlagValue.Int).map(f -> ((FlagValue.Int) f.value()).value());
    }

    /** A sample profile marked partial: the one kind whose ratio LLVM sets on import. */
    public boolean partialSample() {
        return format().equals("SampleProfile") && count(PARTIAL).orElse(0L) != 0;
    }

    public List<Cutoff> cutoffs() {
        List<Cutoff> cutoffs = new ArrayList<>();
        Optional<Field> detailed = field(DETAILED);
        if (detailed.isPresent() && detailed.get().value() instanceof FlagValue.Node entries) {
            for (FlagValue e : entries.operands()) {
                if (e instanceof FlagValue.Node n && n.operands().size() == 3
                        && n.operands().stream().allMatch(o -> o instanceof FlagValue.Int)) {
                    cutoffs.add(new Cutoff(((FlagValue.Int) n.operands().get(0)).value(),
                            ((FlagValue.Int) n.operands().get(1)).value(), ((FlagValue.Int) n.operands().get(2)).value()));
                }
            }
        }
        return cutoffs;
    }

    /** The tuple back as a flag value. */
    public FlagValue value() {
        return new FlagValue.Node(fields.stream()
                .map(f -> (FlagValue) new FlagValue.Node(List.of(FlagValue.Str.of(f.name()), f.value()))).toList());
    }

    /**
     * Eight hex digits naming the profile: equal summaries (the same profile, as LLVM compares them)
     * have equal fingerprints.
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value().llvmText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sample profile 1a2b3c4d (TotalCount 381)}. */
    public String label() {
        String kind = switch (format()) {
            case "SampleProfile" -> "sample profile";
            case "InstrProf" -> "instrumented profile";
            case "CSInstrProf" -> "context-sensitive profile";
            default -> "profile";
        };
        return kind + " " + fingerprint() + count("TotalCount").map(t -> " (TotalCount " + t + ")").orElse("");
    }

    /**
     * The fields whose values differ, this summary's value first: {@code TotalCount 127 vs 381};
     * the detailed summary as how many cutoffs differ and the first of them.
     */
    public List<String> differences(ProfileSummary other) {
        List<String> out = new ArrayList<>();
        java.util.Map<String, Field> own = byName();
        java.util.Map<String, Field> their = other.byName();
        java.util.Set<String> names = new java.util.LinkedHashSet<>(own.keySet());
        names.addAll(their.keySet());
        for (String name : names) {
            Optional<Field> mine = Optional.ofNullable(own.get(name));
            Optional<Field> theirs = Optional.ofNullable(their.get(name));
            if (mine.isPresent() && theirs.isPresent() && mine.get().value().equals(theirs.get().value())) {
                continue;
            }
            if (name.equals(DETAILED) && mine.isPresent() && theirs.isPresent()) {
                out.add(detailedDifference(cutoffs(), other.cutoffs()));
                continue;
            }
            out.add(name + " " + mine.map(Field::text).orElse("absent") + " vs " + theirs.map(Field::text).orElse("absent"));
        }
        return out;
    }

    private static String detailedDifference(List<Cutoff> mine, List<Cutoff> theirs) {
        if (mine.size() != theirs.size()) {
            return DETAILED + " " + mine.size() + " vs " + theirs.size() + " cutoffs";
        }
        int differing = 0;
        Cutoff first = null;
        Cutoff firstOther = null;
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).equals(theirs.get(i))) {
                if (differing++ == 0) {
                    first = mine.get(i);
                    firstOther = theirs.get(i);
                }
            }
        }
        if (first == null) {
            return DETAILED + " differs";
        }
        String at = first.cutoff() == firstOther.cutoff() ? "at " + percent(first.cutoff()) + " min count "
                + first.minCount() + " vs " + firstOther.minCount()
                + (first.counts() != firstOther.counts() ? ", " + first.counts() + " vs " + firstOther.counts() + " counts" : "")
                : "cutoff " + first.cutoff() + " vs " + firstOther.cutoff();
        return DETAILED + " " + differing + " of " + mine.size() + " cutoffs (" + at + ")";
    }

    private static String percent(long millionths) {
        java.math.BigDecimal p = java.math.BigDecimal.valueOf(millionths, 4).stripTrailingZeros();
        return p.toPlainString() + "%";
    }

    /**
     * The summary as a ThinLTO import sees it: LLVM sets {@code PartialProfileRatio} of a partial
     * sample profile to the combined index's block count over the summary's {@code NumCounts}, in
     * the importing module (LTOBackend's {@code thinBackend}) and in every module it imports from
     * (FunctionImporter), before the flags are merged ({@code Module::setPartialSampleProfileRatio}).
     * Any other summary, or one without counts, is left as it is.
     *
     * @param blockCount the combined index's block count: the sum of every ThinLTO module's
     */
    public ProfileSummary withImportRatio(long blockCount) {
        // uint32_t NumCounts in LLVM: the i64 is truncated.
        long numCounts = count("NumCounts").orElse(0L) & 0xFFFFFFFFL;
        if (!partialSample() || numCounts == 0) {
            return this;
        }
        // uint64_t BlockCount converted as C++ converts it (a wrapped sum above 2^63 stays positive).
        double blocks = blockCount >= 0 ? (double) blockCount
                : new java.math.BigDecimal(Long.toUnsignedString(blockCount)).doubleValue();
        double ratio = blocks / (double) numCounts;
        Field adjusted = new Field(RATIO, new FlagValue.Constant("double " + LlvmFloats.text(ratio)));
        List<Field> out = new ArrayList<>();
        boolean placed = false;
        for (Field f : fields) {
            if (f.name().equals(RATIO)) {
                out.add(adjusted);
                placed = true;
            } else {
                out.add(f);
                if (f.name().equals(PARTIAL) && fields.stream().noneMatch(g -> g.name().equals(RATIO))) {
                    out.add(adjusted);
                    placed = true;
                }
            }
        }
        return placed ? new ProfileSummary(out) : this;
    }
}
