package dev.ltocheck.kbuild;

/**
 * Where a fix changes the build, as maintainers choose: one object ({@code CFLAGS_REMOVE_<obj>.o}),
 * a whole kbuild folder (its {@code KBUILD_CFLAGS} filters {@code $(CC_FLAGS_LTO)} out), the option
 * that set the differing flag (removed at its source), or the configuration (a Kconfig dependency
 * forbidding LTO with the choice the flag follows). {@code auto} prefers config, then directory,
 * then object; flag only when asked, since it changes what the code is built as.
 */
public enum FixScope { object, directory, flag, config, auto }
