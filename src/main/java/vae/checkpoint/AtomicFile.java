package vae.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file all at once or not at all. The new content goes to a temporary file in the same
 * folder, is forced to the disk, and only then renamed over the target, in one atomic step: a
 * crash, a full disk or an exception at any moment leaves either the old file or the new one,
 * never half of one, and no temporary file behind.
 */
final class AtomicFile {

    /** Where the bytes go: a channel that can also force them to the disk. */
    interface Output extends WritableByteChannel {
        void force() throws IOException;
    }

    /** Opens the temporary file for writing; tests pass one that fails midway. */
    @FunctionalInterface
    interface Opener {
        Output open(Path temporary) throws IOException;
    }

    /** The content, written in order to the channel. */
    @FunctionalInterface
    interface Content {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /** The real disk. */
    static final Opener DISK = AtomicFile::openFile;

    private AtomicFile() {
    }

    //> checkpoint atomic-write
    static void write(Path target, Content content, Opener opener) {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = folder.resolve("." + target.getFileName() + ".tmp");
        boolean renamed = false;
        try {
            try (Output out = opener.open(temporary)) {
                content.writeTo(out);
                out.force();                      // the bytes are on the disk ...
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE); // ... before the name is
            renamed = true;
            forceFolder(folder);                  // and so is the new name
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(target, "cannot write: " + describe(e), e);
        } finally {
            if (!renamed) {
                deleteQuietly(temporary);         // the old file was never touched
            }
        }
    }
    //< checkpoint atomic-write

    private static Output openFile(Path temporary) throws IOException {
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); // a leftover of a killed run is overwritten
        return new Output() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                return channel.write(src);
            }

            @Override
            public void force() throws IOException {
                channel.force(true);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** Makes the rename durable where the system allows opening a folder (Linux, macOS). */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not possible on every system; the rename itself is already atomic
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more can be done; the message of the first failure is the useful one
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
