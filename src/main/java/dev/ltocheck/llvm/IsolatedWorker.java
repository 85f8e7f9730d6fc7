package dev.ltocheck.llvm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The child process of {@code --isolate}: reads (name, bitcode) requests on stdin and answers
 * each with the module's facts or LLVM's error. If LLVM crashes on a member, only this process
 * dies; the parent reports that member and starts another worker.
 */
public final class IsolatedWorker {
    static final int OK = 0;
    static final int ERROR = 1;

    private IsolatedWorker() {
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out));
        try (BitcodeLoader loader = new BitcodeLoader()) {
            while (true) {
                String name;
                byte[] data;
                try {
                    name = new String(readBlock(in), StandardCharsets.UTF_8);
                    data = readBlock(in);
                } catch (EOFException e) {
                    return;
                }
                ByteBuffer direct = ByteBuffer.allocateDirect(Math.max(1, data.length));
                direct.put(data).flip();
                try {
                    writeBlock(out, OK, FactsCodec.encode(loader.load(direct, name)));
                } catch (BitcodeLoadException e) {
                    writeBlock(out, ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        }
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
