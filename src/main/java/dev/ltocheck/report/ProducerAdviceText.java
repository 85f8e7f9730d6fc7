package dev.ltocheck.report;

import dev.ltocheck.text.Cut;
import dev.ltocheck.text.Plural;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link ProducerAdvice} for a terminal: each value of the flag with who wrote its modules, then
 * which side to rebuild, with the option in that producer's words, and the other way round when
 * the rarer side is a prebuilt from another producer.
 */
final class ProducerAdviceText {
    private ProducerAdviceText() {
    }

    /**
     * @param lead per flag, how its rebuild is introduced: "" when it is the answer, else as an
     *             alternative to the plan said before ({@link CheckTextRenderer#alternative})
     */
    static void render(List<ProducerAdvice> advice, Function<String, String> lead, TextStyle style, PrintWriter out) {
        for (ProducerAdvice a : advice) {
            out.println();
            ProducerAdvice.Side major = a.sides().get(0);
            Producer main = mainProducer(major);
            out.println("'" + a.key() + "' follows who built the modules:");
            for (ProducerAdvice.Side s : a.sides()) {
                List<String> who = new ArrayList<>();
                s.producers().forEach((p, paths) -> who.add(p.describe() + relation(p, main) + " in "
                        + Plural.count(paths.size(), "module") + (s == major ? "" : ": " + list(paths))));
                out.println("  " + s.value() + ": " + String.join("; ", who)
                        + (s.compiler() != null && s != major ? ", built with " + s.compiler() : ""));
            }
            for (ProducerAdvice.Side s : a.sides().subList(1, a.sides().size())) {
                Producer theirs = mainProducer(s);
                List<String> paths = new ArrayList<>();
                s.producers().values().forEach(paths::addAll);
                String rebuild = ProducerAdvice.option(theirs.kind(), a.key(), major.value(), s.triple());
                String other = ProducerAdvice.option(main.kind(), a.key(), s.value(), major.triple());
                boolean foreign = !relation(theirs, main).isEmpty();
                String introduced = lead.apply(a.key());
                StringBuilder line = new StringBuilder((introduced.isEmpty() ? "Rebuild " : introduced + "rebuild ")
                        + (paths.size() == 1 ? paths.get(0)
                        : "these " + paths.size() + " modules") + " with " + (s.compiler() != null ? s.compiler() : theirs.kind().words())
                        + " " + (rebuild != null ? rebuild : "the options the rest use") + " (as the rest)");
                if (theirs.kind() == Producer.Kind.RUSTC) {
                    line.append("; Rust's std comes prebuilt: rebuild it with -Zbuild-std");
                }
                if (foreign && other != null) {
                    line.append("; or, if ").append(paths.size() == 1 ? "it is" : "they are").append(" prebuilt by ")
                            .append(theirs.describe()).append(", build the other ").append(Plural.count(major.modules(), "module"))
                            .append(" with ").append(other);
                }
                line.append('.');
                out.println(introduced.isEmpty() ? style.bold(line.toString()) : line.toString());
            }
        }
    }

    /** The producer of most of a side's modules. */
    private static Producer mainProducer(ProducerAdvice.Side s) {
        return s.producers().entrySet().stream().max(Map.Entry.comparingByValue((x, y) -> x.size() - y.size()))
                .orElseThrow().getKey();
    }

    /** How a producer stands to the one most modules come from: nothing when it is that one. */
    static String relation(Producer p, Producer main) {
        if (p.equals(main)) {
            return "";
        }
        if (p.kind() == Producer.Kind.CLANG && main.kind() == Producer.Kind.CLANG) {
            return p.llvmMajor() == main.llvmMajor() ? ", another build of LLVM " + p.llvmMajor() : ", another clang version";
        }
        return p.kind() == main.kind() ? ", another " + p.kind().words() : ", not " + main.kind().words();
    }

    private static String list(List<String> paths) {
        return Cut.join(paths, CheckTextRenderer.LIST_LIMIT);
    }
}
