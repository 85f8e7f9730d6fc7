package dev.ltocheck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help fits 80 columns and never breaks a word: a path, a file or an option copied from it is whole. */
class HelpTextTest {
    private static Map<String, CommandLine> commands() {
        CommandLine all = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
        Map<String, CommandLine> commands = new java.util.LinkedHashMap<>(all.getSubcommands());
        commands.put("", all);
        return commands;
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>(List.of(text.split("\\s+")));
        words.remove("\\");
        return words;
    }

    @Test
    void everyWordOfTheDescriptionsAndExamplesIsWholeInTheHelp() {
        for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
            CommandLine.Model.CommandSpec spec = e.getValue().getCommandSpec();
            String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            Set<String> shown = words(help);
            List<String> sources = new ArrayList<>(List.of(spec.usageMessage().description()));
            spec.options().forEach(o -> sources.addAll(List.of(o.description())));
            spec.positionalParameters().forEach(p -> sources.addAll(List.of(p.description())));
            sources.addAll(List.of(spec.usageMessage().footer()));
            for (String source : sources) {
                for (String word : source.split("\\s+")) {
                    if (word.isEmpty() || word.contains("${") || word.contains("%n")) {
                        continue;
                    }
                    assertTrue(shown.contains(word), "'" + word + "' is broken in the help of '" + e.getKey() + "':\n" + help);
                }
            }
            for (String line : help.lines().toList()) {
                assertTrue(line.length() <= 80, "too long in '" + e.getKey() + "': " + line);
            }
        }
    }

    @Test
    void aLongExampleGoesOnWithAShellContinuation() {
        String help = CliRunner.run("check", "--help").out();
        assertTrue(help.contains("  ltocheck check --format sarif vmlinux.a -mllvm -import-instr-limit=5 > \\\n"
                + "      ltocheck.sarif\n"), help);
    }
}
