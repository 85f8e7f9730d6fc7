package dev.ltocheck;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package rules of the brief, checked on the compiled classes (ArchUnit): every reference
 * counts, a fully qualified name in a method body as much as an import line.
 */
@AnalyzeClasses(locations = LayeringTest.MainClasses.class, importOptions = LayeringTest.NotPicocli.class)
class LayeringTest {
    /** picocli is compiled into target/classes from its sources (see the pom): its classes are not ltocheck's. */
    static final class NotPicocli implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/picocli/");
        }
    }

    /** ltocheck's own classes only: scanning the classpath for the package would open every jar (the LLVM jars are large). */
    static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Path.of("target/classes")));
        }
    }

    private static final String ROOT = "dev.ltocheck";
    /** Every package of ltocheck but the layer itself. */
    private static final String OTHER_LAYERS = "dev.ltocheck.";

    // package -> what it must not refer to (a package of ltocheck, org.bytedeco, picocli)
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("archive", List.of(OTHER_LAYERS, "org.bytedeco", "picocli")),
            // The one writer of files in a tree: below everything, it knows nothing of what it writes.
            Map.entry("apply", List.of(OTHER_LAYERS, "org.bytedeco", "picocli")),
            Map.entry("bitstream", List.of(OTHER_LAYERS, "org.bytedeco", "picocli")),
            // The summary model: what a module's summary says, with no idea how it was read.
            Map.entry("summary", List.of(OTHER_LAYERS, "org.bytedeco", "picocli")),
            // Decodes bitcode records into the model and the flag trees, and refuses what LLVM would
            // crash on: above the bitstream cursor and the models, below everything that loads a link.
            Map.entry("bitcode", List.of("dev.ltocheck.archive", "dev.ltocheck.apply", "dev.ltocheck.input",
                    "dev.ltocheck.llvm", "dev.ltocheck.imports", "dev.ltocheck.cache", "dev.ltocheck.modules", "dev.ltocheck.load",
                    "dev.ltocheck.check", "dev.ltocheck.kbuild", "dev.ltocheck.sections", "dev.ltocheck.report",
                    "dev.ltocheck.session", "dev.ltocheck.parallel", "dev.ltocheck.baseline", "dev.ltocheck.wrapper",
                    "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("imports", List.of("dev.ltocheck.archive", "dev.ltocheck.bitstream", "dev.ltocheck.bitcode", "dev.ltocheck.cache", "dev.ltocheck.input",
                    "dev.ltocheck.llvm", "dev.ltocheck.flags", "dev.ltocheck.modules", "dev.ltocheck.report",
                    "dev.ltocheck.session", "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("flags", List.of("dev.ltocheck.summary", "dev.ltocheck.bitcode", "dev.ltocheck.input", "dev.ltocheck.llvm", "dev.ltocheck.modules", "dev.ltocheck.report",
                    "dev.ltocheck.session", "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("input", List.of("dev.ltocheck.llvm", "dev.ltocheck.modules", "dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli",
                    "org.bytedeco", "picocli")),
            Map.entry("llvm", List.of("dev.ltocheck.input", "dev.ltocheck.modules", "dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli",
                    "picocli")),
            Map.entry("cache", List.of("dev.ltocheck.modules", "dev.ltocheck.check",
                    "dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli", "dev.ltocheck.kbuild", "dev.ltocheck.sections",
                    "org.bytedeco", "picocli")),
            Map.entry("modules", List.of("dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            // Reads a link's members; modules/ModuleSetLoader delegates to it until its callers move.
            Map.entry("load", List.of("dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli", "dev.ltocheck.check",
                    "dev.ltocheck.kbuild", "dev.ltocheck.sections", "org.bytedeco", "picocli")),
            Map.entry("report", List.of("dev.ltocheck.session", "dev.ltocheck.cli", "org.bytedeco", "picocli")),
            Map.entry("check", List.of("dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli", "dev.ltocheck.kbuild", "dev.ltocheck.sections",
                    "org.bytedeco", "picocli")),
            Map.entry("kbuild", List.of("dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli", "dev.ltocheck.sections", "org.bytedeco", "picocli")),
            Map.entry("sections", List.of("dev.ltocheck.report", "dev.ltocheck.session", "dev.ltocheck.cli", "dev.ltocheck.kbuild", "org.bytedeco", "picocli")),
            // The façade every command uses: below the commands, above everything it runs.
            Map.entry("session", List.of("dev.ltocheck.cli", "org.bytedeco", "picocli")),
            // Words said one way everywhere (counted nouns, cut lists): below every layer that writes text.
            Map.entry("text", List.of(OTHER_LAYERS, "org.bytedeco", "picocli")),
            // The run's one pool: below everything, it knows nothing of the work it runs.
            Map.entry("parallel", List.of(OTHER_LAYERS, "org.bytedeco", "picocli")),
            // The CI baseline: built from a check's result, read by the reports; it knows no command.
            Map.entry("baseline", List.of("dev.ltocheck.report", "dev.ltocheck.cli", "dev.ltocheck.kbuild",
                    "dev.ltocheck.sections", "dev.ltocheck.session", "dev.ltocheck.wrapper", "org.bytedeco", "picocli")),
            // The linker wrapper: an application above session and report, a second front end beside
            // the commands (below cli): it checks the link, renders the answer and runs or decides the link.
            Map.entry("wrapper", List.of("dev.ltocheck.cli", "dev.ltocheck.sections", "dev.ltocheck.baseline",
                    "org.bytedeco", "picocli")),
            Map.entry("cli", List.of("org.bytedeco")));

    /** The ArchUnit package patterns a layer must not depend on: its own package is never among them. */
    private static String[] forbiddenPackages(String layer) {
        List<String> patterns = new ArrayList<>();
        for (String f : FORBIDDEN.get(layer)) {
            if (f.equals(OTHER_LAYERS)) {
                FORBIDDEN.keySet().stream().filter(other -> !other.equals(layer))
                        .forEach(other -> patterns.add(ROOT + "." + other + ".."));
            } else {
                patterns.add(f + "..");
            }
        }
        return patterns.toArray(String[]::new);
    }

    @ArchTest
    static void packagesDependOnlyOnTheLayersBelowThem(JavaClasses classes) {
        List<ArchRule> rules = new ArrayList<>();
        // A class of ltocheck outside every layer would escape every rule.
        rules.add(noClasses().should().resideOutsideOfPackages(FORBIDDEN.keySet().stream()
                .map(layer -> ROOT + "." + layer + "..").toArray(String[]::new)).as("every class is in a layer"));
        for (String layer : FORBIDDEN.keySet().stream().sorted().toList()) {
            rules.add(noClasses().that().resideInAPackage(ROOT + "." + layer + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbiddenPackages(layer))
                    .as(layer + " refers to none of " + FORBIDDEN.get(layer)));
        }
        CompositeArchRule.of(rules).as("every class is in a layer, and each layer refers to nothing FORBIDDEN names for it")
                .check(classes);
    }

    /** The CI baseline and the linker wrapper sit above the analysis: nothing of it refers to them. */
    @ArchTest
    static void theAnalysisKnowsNoBaselineAndNoWrapper(JavaClasses classes) {
        String[] analysis = List.of("archive", "apply", "bitstream", "bitcode", "summary", "imports", "flags", "input", "llvm",
                "cache", "modules", "check", "kbuild", "sections", "session", "parallel").stream().map(l -> ROOT + "." + l + "..")
                .toArray(String[]::new);
        CompositeArchRule.of(noClasses().that().resideInAnyPackage(analysis).should().dependOnClassesThat()
                        .resideInAnyPackage(ROOT + ".baseline..", ROOT + ".wrapper.."))
                .and(noClasses().that().resideInAPackage(ROOT + ".report..").should().dependOnClassesThat()
                        .resideInAPackage(ROOT + ".wrapper.."))
                .as("the analysis and the reports refer to neither baseline/ nor wrapper/ (the reports may read a baseline)")
                .check(classes);
    }

    // Packages that handle a tree's files: they read them, and leave every write to apply/.
    private static final List<String> TREE_READERS = List.of("kbuild", "sections", "cli", "report", "check", "imports", "load",
            "input", "modules", "session");
    private static final Set<String> FILE_WRITES = Set.of("write", "writeString", "move", "copy", "newOutputStream",
            "newBufferedWriter", "createLink", "createSymbolicLink");
    private static final Set<String> FILE_WRITERS = Set.of("java.io.FileOutputStream", "java.io.FileWriter",
            "java.io.RandomAccessFile");

    private static final DescribedPredicate<JavaAccess<?>> WRITES_A_FILE = DescribedPredicate.describe(
            "Files." + String.join("/", FILE_WRITES.stream().sorted().toList()) + " or a new " + FILE_WRITERS,
            access -> {
                String owner = access.getTargetOwner().getName();
                String name = access.getTarget().getName();
                return owner.equals("java.nio.file.Files") && FILE_WRITES.contains(name)
                        || FILE_WRITERS.contains(owner) && name.equals("<init>");
            });

    @ArchTest
    static void onlyApplyWritesFilesOfATree(JavaClasses classes) {
        String[] readers = TREE_READERS.stream().map(layer -> ROOT + "." + layer + "..").toArray(String[]::new);
        CompositeArchRule.of(noClasses().that().resideInAnyPackage(readers).should().accessTargetWhere(WRITES_A_FILE))
                .and(noClasses().that().resideInAnyPackage(readers)
                        .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.StandardCopyOption"))
                .as(TREE_READERS + " write no file: apply/ does")
                .check(classes);
    }

    @ArchTest
    static final ArchRule noMutableStaticState = fields().that().areStatic().should().beFinal();

    /*
     * javac copies a compile-time constant into the class that uses it (Toolchain.LLVM_VERSION,
     * a BitcodeIds code), so bytecode does not show that reference: the sources are read too,
     * every qualified name in code (imports, and names written out inline), comments and string
     * literals left out.
     */
    private static final Path MAIN = Path.of("src/main/java/dev/ltocheck");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:dev\\.ltocheck|org\\.bytedeco|picocli)(?:\\.\\w+)+)");
    private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\"(?:\\\\.|[^\\\\])*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'",
            Pattern.DOTALL);

    @Test
    void qualifiedNamesInTheSourcesFollowTheSameRules() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String layer = MAIN.relativize(file).getName(0).toString();
                List<String> forbidden = FORBIDDEN.getOrDefault(layer, List.of(OTHER_LAYERS));
                String code = COMMENT_OR_LITERAL.matcher(Files.readString(file)).replaceAll(" ");
                Matcher m = QUALIFIED.matcher(code);
                while (m.find()) {
                    String name = m.group(1);
                    for (String f : forbidden) {
                        if ((name + ".").startsWith(f.endsWith(".") ? f : f + ".")
                                && !name.startsWith(ROOT + "." + layer + ".") && !name.equals(ROOT + "." + layer)) {
                            violations.add(file + " names " + name);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The scan above must see what it is for: a name written out inline, and not one in a comment or string. */
    @Test
    void theSourceScanSeesInlineNamesOnly() {
        String code = COMMENT_OR_LITERAL.matcher("""
                int v = dev.ltocheck.llvm.Toolchain.LLVM_VERSION; // dev.ltocheck.cli.Main
                /* org.bytedeco.llvm */ String s = "picocli.CommandLine \\" dev.ltocheck.report";
                char c = '"'; Object o = picocli.CommandLine.class;
                """).replaceAll(" ");
        List<String> names = QUALIFIED.matcher(code).results().map(r -> r.group(1)).toList();
        assertEquals(List.of("dev.ltocheck.llvm.Toolchain.LLVM_VERSION", "picocli.CommandLine.class"), names);
    }
}
