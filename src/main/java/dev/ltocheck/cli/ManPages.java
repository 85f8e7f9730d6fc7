package dev.ltocheck.cli;

import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Writes the man pages (AsciiDoc in the manpage doctype, one per command) with picocli's
 * ManPageGenerator; Maven runs it at package time into target/man (see the POM). Not part of a
 * run: picocli-codegen is a build-time dependency only.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        File dir = new File(args.length > 0 ? args[0] : "target/man");
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException(dir + ": cannot be made");
        }
        CommandLine all = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
        int code = ManPageGenerator.generateManPage(dir, null, new boolean[0], true, all.getCommandSpec());
        if (code != 0) {
            throw new IOException("ManPageGenerator failed (" + code + ")");
        }
    }
}
