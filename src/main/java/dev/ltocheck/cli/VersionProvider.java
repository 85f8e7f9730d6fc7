package dev.ltocheck.cli;

import dev.ltocheck.llvm.Toolchain;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[]{"ltocheck " + (version == null ? "(development build)" : version)
                + ", reading bitcode with LLVM " + Toolchain.LLVM_VERSION};
    }
}
