package app.repairbot.store.embedded.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets the embedded store's commits in between writes, never in the middle of one
 * ({@link DurableH2Backend}): writes run beside each other, a commit runs alone and covers every
 * write applied before it.
 */
final class WriteGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Writes applied so far, and how many of them the last commit covered. */
    private final AtomicLong applied = new AtomicLong();
    private volatile long committed;

    /** Applies a write whole, with no commit in the middle of it (a write inside another is part of it). */
    <T> T write(Supplier<T> write) {
        lock.readLock().lock();
        try {
            return write.get();
        } finally {
            applied.incrementAndGet();
            lock.readLock().unlock();
        }
    }

    /** Whether this thread is inside a write (and so must not wait for a commit). */
    boolean writing() {
        return lock.getReadHoldCount() > 0;
    }

    /** How many writes have been applied so far (a point {@link #commitUpTo} can wait for). */
    long applied() {
        return applied.get();
    }

    /**
     * Returns once the first {@code write} writes are committed: runs {@code commit} alone, after the
     * writes being applied are done, unless another commit already covered them.
     */
    void commitUpTo(long write, Runnable commit) {
        if (committed >= write) {
            return;
        }
        lock.writeLock().lock();
        try {
            long upTo = applied.get();
            if (committed < upTo) {
                commit.run();
                committed = upTo;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
