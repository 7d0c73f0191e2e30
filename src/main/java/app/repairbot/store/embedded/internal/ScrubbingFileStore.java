package app.repairbot.store.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;

import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

/**
 * MVStore's file, made so that what is no longer stored can be wiped from it ({@link DurableH2Backend#compact}).
 *
 * <p>MVStore never overwrites space it frees: it only marks it free, so old versions of documents stay in the
 * file until a later chunk happens to land on them. And it writes a chunk in whole blocks from a buffer it
 * reuses without clearing, so the gap between a chunk's last page and its footer holds whatever an earlier,
 * larger chunk left in that buffer: pages of documents deleted since. Here a buffer is zeroed as far as it was
 * used when MVStore gives it back, and the free space of the file can be overwritten with zeros.
 */
final class ScrubbingFileStore extends SingleFileStore {
    /** MVStore's block (FileStore.BLOCK_SIZE): chunks start and end on these; the first two hold the store header. */
    static final int BLOCK = 4096;
    private static final byte[] ZEROS = new byte[BLOCK];
    private final Path file;

    private ScrubbingFileStore(Path file) {
        super(new HashMap<>());
        this.file = file;
    }

    /** Opens (or creates) the file, locked for this process; the MVStore that adopts it closes it. */
    static ScrubbingFileStore open(Path file) {
        ScrubbingFileStore store = new ScrubbingFileStore(file);
        store.open(file.toString(), false, null);
        return store;
    }

    /** What a chunk wrote into the buffer is cleared before the buffer serves the next chunk. */
    @Override
    public void releaseWriteBuffer(WriteBuffer buffer) {
        ByteBuffer used = buffer.getBuffer();
        int end = Math.max(used.position(), used.limit());
        if (used.hasArray()) {
            Arrays.fill(used.array(), used.arrayOffset(), used.arrayOffset() + end, (byte) 0);
        } else {
            for (int at = 0; at < end; at += ZEROS.length) {
                used.put(at, ZEROS, 0, Math.min(ZEROS.length, end - at));
            }
        }
        super.releaseWriteBuffer(buffer);
    }

    /**
     * Gives back the free space at the end of the file and writes zeros over the free space left between
     * chunks. The caller makes sure nothing reads or writes the store meanwhile (no command is running):
     * freed chunks are overwritten at once.
     *
     * @return the bytes zeroed
     */
    long scrubFreeSpace() {
        saveChunkLock.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            shrinkStoreIfPossible(0);
            long end = size();
            ByteBuffer zeros = ByteBuffer.allocate(64 * BLOCK);
            long zeroed = 0;
            long run = -1;
            for (long at = 2L * BLOCK; at <= end; at += BLOCK) {
                boolean free = at < end && freeSpace.isFree(at, BLOCK);
                if (free && run < 0) {
                    run = at;
                } else if (!free && run >= 0) {
                    zeroed += zero(channel, run, at, zeros);
                    run = -1;
                }
            }
            channel.force(false);
            return zeroed;
        } catch (IOException e) {
            throw new UncheckedIOException("could not overwrite the free space of " + file, e);
        } finally {
            saveChunkLock.unlock();
        }
    }

    private static long zero(FileChannel channel, long from, long to, ByteBuffer zeros) throws IOException {
        for (long at = from; at < to; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
            at += channel.write(zeros, at);
        }
        return to - from;
    }
}
