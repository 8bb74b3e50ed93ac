package vae.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An output that writes the first {@code capacity} bytes to the real file, then fails as a full disk does. */
final class FullDisk implements AtomicFile.Output {
    private final FileChannel channel;
    private long room;

    private FullDisk(Path file, long capacity) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.room = capacity;
    }

    static AtomicFile.Opener after(long capacity) {
        return file -> new FullDisk(file, capacity);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (room == 0) {
            throw new IOException("No space left on device");
        }
        int n = (int) Math.min(room, src.remaining());
        ByteBuffer part = src.slice().limit(n);
        channel.write(part);
        src.position(src.position() + n);
        room -= n;
        return n;
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
}
