package dev.ltocheck.difftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random multi-module program for differential testing of the import decision: a call graph
 * with cycles across modules, function sizes around the thresholds, static and static inline
 * helpers, header inline functions (linkonce_odr), noinline, hot and cold functions, weak
 * functions, constant and mutable globals (static ones get promoted when imported), aliases,
 * and functions whose address is taken. Drawn apart from all that (so the programs above stay as
 * they were): calls to a weak function no module defines (LLVM's reason None), and statics in
 * named sections, which make the functions reading them not eligible to import (NotEligible). C++ with C linkage, so that header inline functions
 * are linkonce_odr and names stay unmangled.
 */
final class RandomProgram {
    enum FunctionKind { EXTERN, STATIC, STATIC_INLINE, NOINLINE, WEAK, HOT, COLD }

    record Function(String name, FunctionKind kind, int module, int statements) {
        boolean visibleOutside() {
            return kind != FunctionKind.STATIC && kind != FunctionKind.STATIC_INLINE;
        }
    }

    record Global(String name, int module, boolean constant, boolean isStatic) {
    }

    final int modules;
    final List<Function> functions = new ArrayList<>();
    final List<Global> globals = new ArrayList<>();
    final List<String> headerInlines = new ArrayList<>();
    final List<String[]> aliases = new ArrayList<>(); // {alias, target, module}
    final int instrLimit;
    final boolean relocatable;
    final int lazyModules;
    /** Compiler options per module: half the programs mix code models, PIC/PIE, stack alignment, frame pointers. */
    final List<List<String>> moduleOptions = new ArrayList<>();
    private static final List<List<String>> OPTION_PALETTE = List.of(List.of(), List.of("-mcmodel=kernel", "-fno-pic"),
            List.of("-mcmodel=small"), List.of("-fpie"), List.of("-fPIC"), List.of("-fno-pic"),
            List.of("-mstack-alignment=16"), List.of("-fno-omit-frame-pointer"), List.of("-mcmodel=medium"),
            List.of("-mcmodel=kernel", "-fno-pic", "-mstack-alignment=8"));
    private final Random random;
    /** Draws for the features added later, so that adding them left {@link #random}'s draws alone. */
    private final Random extras;
    final boolean weakExternal;

    RandomProgram(long seed) {
        random = new Random(seed);
        modules = 2 + random.nextInt(5);
        int[] limits = {5, 5, 10, 20, 40, 100, 100};
        instrLimit = limits[random.nextInt(limits.length)];
        relocatable = random.nextInt(10) < 7;
        lazyModules = random.nextInt(10) < 3 ? 1 + random.nextInt(Math.min(2, modules - 1)) : 0;
        int inlines = random.nextInt(3);
        for (int h = 0; h < inlines; h++) {
            headerInlines.add("h" + h);
        }
        for (int m = 0; m < modules; m++) {
            int count = 2 + random.nextInt(6);
            for (int f = 0; f < count; f++) {
                FunctionKind kind = pickKind();
                functions.add(new Function("m" + m + "_f" + f, kind, m, random.nextInt(16)));
            }
            int vars = random.nextInt(4);
            for (int g = 0; g < vars; g++) {
                globals.add(new Global("m" + m + "_g" + g, m, random.nextInt(4) == 0, random.nextInt(3) == 0));
            }
            if (random.nextInt(4) == 0) {
                int module = m;
                List<Function> targets = functions.stream().filter(fn -> fn.module() == module
                        && fn.kind() == FunctionKind.EXTERN).toList();
                if (!targets.isEmpty()) {
                    aliases.add(new String[]{"m" + m + "_alias", targets.get(random.nextInt(targets.size())).name(), "" + m});
                }
            }
        }
        boolean mixed = random.nextBoolean();
        List<String> shared = OPTION_PALETTE.get(random.nextInt(OPTION_PALETTE.size()));
        for (int m = 0; m < modules; m++) {
            moduleOptions.add(mixed ? OPTION_PALETTE.get(random.nextInt(OPTION_PALETTE.size())) : shared);
        }
        // An entry point for executable links.
        functions.add(new Function("entry0", FunctionKind.EXTERN, 0, 2));
        extras = new Random(~seed);
        weakExternal = extras.nextInt(3) == 0;
    }

    private FunctionKind pickKind() {
        int r = random.nextInt(100);
        if (r < 55) {
            return FunctionKind.EXTERN;
        } else if (r < 70) {
            return FunctionKind.STATIC;
        } else if (r < 76) {
            return FunctionKind.STATIC_INLINE;
        } else if (r < 84) {
            return FunctionKind.NOINLINE;
        } else if (r < 88) {
            return FunctionKind.WEAK;
        } else if (r < 94) {
            return FunctionKind.HOT;
        }
        return FunctionKind.COLD;
    }

    /** Writes common.h and m0.cpp ... into dir; returns the source files. */
    List<Path> write(Path dir) throws IOException {
        StringBuilder header = new StringBuilder("#pragma once\nextern \"C\" {\n");
        for (Function f : functions) {
            if (f.visibleOutside()) {
                header.append("int ").append(f.name()).append("(int);\n");
            }
        }
        for (String[] a : aliases) {
            header.append("int ").append(a[0]).append("(int);\n");
        }
        for (Global g : globals) {
            if (!g.isStatic()) {
                header.append("extern ").append(g.constant() ? "const " : "").append("int ").append(g.name()).append(";\n");
            }
        }
        for (String h : headerInlines) {
            header.append("inline int ").append(h).append("(int x) { return x * ").append(3 + h.length())
                    .append(" + (x >> 3); }\n");
        }
        if (weakExternal) {
            header.append("int nowhere_defined(int) __attribute__((weak));\n");
        }
        header.append("}\n");
        Files.writeString(dir.resolve("common.h"), header);
        List<Path> sources = new ArrayList<>();
        for (int m = 0; m < modules; m++) {
            sources.add(writeModule(dir, m));
        }
        return sources;
    }

    private Path writeModule(Path dir, int m) throws IOException {
        StringBuilder src = new StringBuilder("#include \"common.h\"\nextern \"C\" {\n");
        for (Global g : globals) {
            if (g.module() == m) {
                src.append(g.isStatic() ? "static " : "").append(g.constant() ? "const " : "").append("int ")
                        .append(g.name()).append(" = ").append(1 + random.nextInt(100)).append(";\n");
            }
        }
        boolean tagged = extras.nextInt(3) == 0;
        if (tagged) {
            src.append("static int m").append(m).append("_tag __attribute__((section(\".m")
                    .append(m).append("_tags\"))) = ").append(1 + extras.nextInt(100)).append(";\n");
        }
        List<Function> own = functions.stream().filter(f -> f.module() == m).toList();
        for (Function f : own) {
            if (!f.visibleOutside()) {
                src.append("static int ").append(f.name()).append("(int);\n");
            }
        }
        List<String> addressTaken = new ArrayList<>();
        for (Function f : own) {
            src.append(attributes(f)).append("int ").append(f.name()).append("(int x) {\n");
            if (tagged && extras.nextInt(4) == 0) {
                src.append("  x += m").append(m).append("_tag++;\n");
            }
            if (weakExternal && extras.nextInt(4) == 0) {
                src.append("  if (nowhere_defined) x = nowhere_defined(x);\n");
            }
            for (int s = 0; s < f.statements(); s++) {
                src.append("  ").append(statement(m, addressTaken)).append('\n');
            }
            src.append("  return x;\n}\n");
        }
        for (String[] a : aliases) {
            if (a[2].equals("" + m)) {
                src.append("int ").append(a[0]).append("(int) __attribute__((alias(\"").append(a[1]).append("\")));\n");
            }
        }
        if (!addressTaken.isEmpty()) {
            src.append("int (*const m").append(m).append("_table[])(int) = {")
                    .append(String.join(", ", addressTaken)).append("};\n");
            src.append("int m").append(m).append("_dispatch(int i, int x) { return m").append(m)
                    .append("_table[(unsigned) i % ").append(addressTaken.size()).append("](x); }\n");
        }
        src.append("}\n");
        Path file = dir.resolve("m" + m + ".cpp");
        Files.writeString(file, src);
        return file;
    }

    private String attributes(Function f) {
        return switch (f.kind()) {
            case STATIC -> "static ";
            case STATIC_INLINE -> "static inline ";
            case NOINLINE -> "__attribute__((noinline)) ";
            case WEAK -> "__attribute__((weak)) ";
            case HOT -> "__attribute__((hot)) ";
            case COLD -> "__attribute__((cold)) ";
            default -> "";
        };
    }

    private String statement(int m, List<String> addressTaken) {
        int r = random.nextInt(100);
        if (r < 30) {
            return "x = x * " + (2 + random.nextInt(9)) + " + " + random.nextInt(50) + ";";
        } else if (r < 40) {
            return "x ^= x >> " + (1 + random.nextInt(7)) + ";";
        } else if (r < 50 && !globals.isEmpty()) {
            Global g = globalUsableFrom(m);
            if (g != null) {
                return random.nextBoolean() || g.constant() ? "x += " + g.name() + ";" : g.name() + " = x;";
            }
        } else if (r < 80) {
            String callee = callee(m);
            if (callee != null) {
                return random.nextInt(3) == 0 ? "if (x & " + (1 + random.nextInt(7)) + ") x = " + callee + "(x);"
                        : "x += " + callee + "(x + " + random.nextInt(9) + ");";
            }
        } else if (r < 85 && !headerInlines.isEmpty()) {
            return "x += " + headerInlines.get(random.nextInt(headerInlines.size())) + "(x);";
        } else if (r < 88) {
            String callee = callee(m);
            if (callee != null && !addressTaken.contains(callee)) {
                addressTaken.add(callee);
            }
        }
        return "x -= " + random.nextInt(20) + ";";
    }

    private Global globalUsableFrom(int m) {
        List<Global> usable = globals.stream().filter(g -> !g.isStatic() || g.module() == m).toList();
        return usable.isEmpty() ? null : usable.get(random.nextInt(usable.size()));
    }

    private String callee(int m) {
        List<String> names = new ArrayList<>();
        for (Function f : functions) {
            if (f.visibleOutside() || f.module() == m) {
                names.add(f.name());
            }
        }
        for (String[] a : aliases) {
            names.add(a[0]);
        }
        return names.isEmpty() ? null : names.get(random.nextInt(names.size()));
    }
}
