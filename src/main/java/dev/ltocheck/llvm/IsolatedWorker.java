package dev.ltocheck.llvm;

import dev.ltocheck.flags.ModuleFlag;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@code --isolate}: reads requests on stdin and answers each on stdout.
 * A request is a kind byte, then blocks: {@link #READ} (name, bitcode), answered with the module's
 * facts or LLVM's error; {@link #MERGE} (the destination's and each source's flags, merged as
 * {@link FlagMerger#mergeSequence} does), answered with one {@link #STEP} per source merged, then
 * {@link #OK}. If LLVM crashes, only this process dies; the parent reports that member or merge
 * and starts another worker.
 */
public final class IsolatedWorker {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int STEP = 2;

    static final int READ = 1;
    static final int MERGE = 2;

    /**
     * A test's way to crash the worker inside a merge (honoured by the worker only, passed on by
     * the parent): a merge of flags with this key dereferences a bad pointer in libLLVM, as a
     * wrongly typed flag value does in IRMover.
     */
    static final String CRASH_ON_FLAG_PROPERTY = "ltocheck.worker.crashOnFlag";

    private IsolatedWorker() {
    }

    public static void main(String[] args) throws Exception {
        // The answers own stdout: anything else the JVM or a library prints goes to stderr.
        OutputStream answers = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        System.setOut(System.err);
        // LLVM recurses on this thread: it gets the stack the loader threads get.
        LlvmThreads.call("ltocheck-isolated", () -> {
            serve(new DataInputStream(new BufferedInputStream(System.in)),
                    new DataOutputStream(new BufferedOutputStream(answers)));
            return null;
        });
    }

    private static void serve(DataInputStream in, DataOutputStream out) throws IOException {
        try (BitcodeLoader loader = new BitcodeLoader(); FlagMerger merger = new FlagMerger()) {
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    return;
                }
                try {
                    if (kind == READ) {
                        read(in, out, loader);
                    } else if (kind == MERGE) {
                        merge(in, out, merger);
                    } else {
                        throw new IOException("unknown request " + kind);
                    }
                } catch (EOFException e) {
                    return;
                }
                out.flush();
            }
        }
    }

    private static void read(DataInputStream in, DataOutputStream out, BitcodeLoader loader) throws IOException {
        String name = new String(readBlock(in), StandardCharsets.UTF_8);
        byte[] data = readBlock(in);
        ByteBuffer direct = ByteBuffer.allocateDirect(Math.max(1, data.length));
        direct.put(data).flip();
        try {
            writeBlock(out, OK, FactsCodec.encode(loader.load(direct, name)));
        } catch (BitcodeLoadException e) {
            writeBlock(out, ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void merge(DataInputStream in, DataOutputStream out, FlagMerger merger) throws IOException {
        int count = in.readInt();
        if (count < 1 || count > (1 << 20)) {
            throw new IOException("bad module count " + count);
        }
        List<FlagMerger.NamedFlags> modules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            modules.add(decodeNamed(readBlock(in)));
        }
        crashIfAsked(modules);
        FlagMerger.NamedFlags destination = modules.get(0);
        List<FlagMerger.NamedFlags> sources = modules.subList(1, count);
        try {
            List<FlagMerger.Step> steps = merger.mergeSequence(destination, sources);
            for (FlagMerger.Step step : steps) {
                writeBlock(out, STEP, encodeStep(step));
            }
            writeBlock(out, OK, new byte[0]);
        } catch (BitcodeLoadException e) {
            writeBlock(out, ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void crashIfAsked(List<FlagMerger.NamedFlags> modules) {
        String key = System.getProperty(CRASH_ON_FLAG_PROPERTY);
        if (key != null && modules.stream().anyMatch(m -> m.flags().stream().anyMatch(f -> f.key().equals(key)))) {
            LLVMModuleRef bad = new LLVMModuleRef() {
                {
                    address = 16; // no module lives there: libLLVM faults reading it
                }
            };
            org.bytedeco.llvm.global.LLVM.LLVMGetModuleFlag(bad, key, key.length());
        }
    }

    static byte[] encodeNamed(FlagMerger.NamedFlags flags) throws IOException {
        return FactsCodec.encode(new ModuleFacts(flags.name(), "", flags.flags()));
    }

    static FlagMerger.NamedFlags decodeNamed(byte[] bytes) throws IOException {
        ModuleFacts facts = FactsCodec.decode(bytes);
        return new FlagMerger.NamedFlags(facts.sourceFilename(), facts.flags());
    }

    static byte[] encodeStep(FlagMerger.Step step) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeString(out, step.source());
        out.writeBoolean(step.error() != null);
        if (step.error() != null) {
            writeString(out, step.error());
        }
        out.writeInt(step.warnings().size());
        for (String w : step.warnings()) {
            writeString(out, w);
        }
        byte[] after = encodeNamed(new FlagMerger.NamedFlags("", step.flagsAfter()));
        out.writeInt(after.length);
        out.write(after);
        out.flush();
        return bytes.toByteArray();
    }

    static FlagMerger.Step decodeStep(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        String source = readString(in);
        String error = in.readBoolean() ? readString(in) : null;
        int count = in.readInt();
        if (count < 0 || count > bytes.length) {
            throw new IOException("bad warning count " + count);
        }
        List<String> warnings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            warnings.add(readString(in));
        }
        List<ModuleFlag> after = decodeNamed(readBlock(in)).flags();
        return new FlagMerger.Step(source, error, List.copyOf(warnings), after);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBlock(in), StandardCharsets.UTF_8);
    }

    static byte[] readBlock(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("bad block length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    static void writeBlock(DataOutputStream out, int status, byte[] bytes) throws IOException {
        out.writeByte(status);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
