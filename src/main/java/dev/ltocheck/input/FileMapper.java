package dev.ltocheck.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Maps files read-only: members are then views, never copies. */
final class FileMapper {
    private FileMapper() {
    }

    /** A mapped file with the stamp taken just before mapping it. */
    record Mapped(ByteBuffer bytes, ObjectSource.Stamp stamp) {
    }

    static Mapped mapWithStamp(Path file) throws IOException {
        ObjectSource.Stamp stamp = ObjectSource.Stamp.of(file);
        return new Mapped(map(file), stamp);
    }

    /** @throws RegularFile.NotRegularFileException for a FIFO, device, socket or directory (never opened) */
    static ByteBuffer map(Path file) throws IOException {
        RegularFile.require(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("file is " + size + " bytes; files over 2 GiB are not supported");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }
}
