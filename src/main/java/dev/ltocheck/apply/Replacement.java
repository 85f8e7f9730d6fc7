package dev.ltocheck.apply;

import java.nio.file.Path;

/**
 * One file of the tree to replace.
 *
 * @param file     relative to the tree's root, as the patch names it
 * @param expected the bytes the file had when it was read: a file that changed since is not written
 * @param content  what the file will hold
 */
public record Replacement(Path file, byte[] expected, byte[] content) {
}
