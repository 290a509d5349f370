package org.callhome.compare.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a scenario saw, in arrival order: items are added from any thread (an NMS's event loop,
 * a MINA I/O thread, a dialer's scheduler) and the scenario's thread waits for the one it needs.
 * Adding never blocks for long, so it is safe on those threads.
 */
final class Observed<T> implements Consumer<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<T> items = new ArrayList<>();

    @Override
    public void accept(T item) {
        lock.lock();
        try {
            items.add(item);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<T> all() {
        lock.lock();
        try {
            return List.copyOf(items);
        } finally {
            lock.unlock();
        }
    }

    Optional<T> first(Predicate<? super T> match) {
        return all().stream().filter(match).findFirst();
    }

    /** The first item matching, waiting up to {@code timeout} for it; empty if none came. */
    Optional<T> await(Predicate<? super T> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (T item : items) {
                    if (match.test(item)) {
                        return Optional.of(item);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                added.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
