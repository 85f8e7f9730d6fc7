package dev.ltocheck.session;

import dev.ltocheck.input.LinkLine;
import dev.ltocheck.modules.ModuleSet;

import java.nio.file.Path;

/**
 * Every input of the link, read, and the link's own options.
 *
 * @param workingDir what the link's relative names are relative to
 */
public record LinkInputs(ModuleSet modules, LinkLine line, Path workingDir) {
}
