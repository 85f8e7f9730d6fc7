package dev.ltocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/** {@code profiles} and {@code producers} of check's and explain's JSON (absent when there is nothing to say). */
final class ProfileProducerJson {
    private ProfileProducerJson() {
    }

    static void addTo(ObjectNode root, CheckReport report) {
        ProfileMismatch.of(report).ifPresent(p -> {
            ObjectNode profiles = root.putObject("profiles");
            ArrayNode groups = profiles.putArray("groups");
            group(groups.addObject(), p.majority(), null);
            p.others().forEach(g -> group(groups.addObject(), g, p.majority()));
            ArrayNode rebuild = profiles.putArray("rebuild");
            p.minority().forEach(b -> rebuild.add(b.path()));
        });
        List<ProducerAdvice> advice = ProducerAdvice.of(report);
        if (!advice.isEmpty()) {
            ArrayNode producers = root.putArray("producers");
            for (ProducerAdvice a : advice) {
                ObjectNode flag = producers.addObject();
                flag.put("flag", a.key());
                ArrayNode sides = flag.putArray("sides");
                ProducerAdvice.Side major = a.sides().get(0);
                for (ProducerAdvice.Side s : a.sides()) {
                    ObjectNode side = sides.addObject();
                    side.put("value", s.value());
                    if (s.compiler() != null) {
                        side.put("compiler", s.compiler());
                    }
                    if (s != major) {
                        Producer theirs = s.producers().keySet().iterator().next();
                        String option = ProducerAdvice.option(theirs.kind(), a.key(), major.value(), s.triple());
                        if (option != null) {
                            side.put("rebuildWith", option);
                        }
                    }
                    ArrayNode list = side.putArray("producers");
                    s.producers().forEach((producer, paths) -> {
                        ObjectNode p = list.addObject();
                        p.put("identification", producer.identification());
                        p.put("kind", producer.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                        ArrayNode modules = p.putArray("modules");
                        paths.forEach(modules::add);
                    });
                }
            }
        }
    }

    private static void group(ObjectNode node, ProfileMismatch.Group g, ProfileMismatch.Group major) {
        node.put("fingerprint", g.summary().fingerprint());
        node.put("label", g.label());
        node.put("format", g.summary().format());
        node.put("modules", g.objects().size());
        ArrayNode differences = node.putArray("differences");
        if (major != null) {
            g.summary().differences(major.summary()).forEach(differences::add);
        }
        ArrayNode objects = node.putArray("objects");
        if (major != null) {
            for (ProfileMismatch.Built b : g.objects()) {
                ObjectNode o = objects.addObject();
                o.put("path", b.path());
                if (b.option() != null) {
                    o.put("option", b.option());
                }
                o.put("olderThanProfile", b.olderThanProfile());
            }
        }
    }
}
