package dev.ltocheck.cli;

import dev.ltocheck.llvm.Toolchain;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"ltocheck " + version() + ", reading bitcode with LLVM " + Toolchain.LLVM_VERSION};
    }

    /** The POM's version, written into the build by Maven's resource filtering. */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/ltocheck/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through: a build without the resource
        }
        return "(version unknown: built without Maven)";
    }
}
