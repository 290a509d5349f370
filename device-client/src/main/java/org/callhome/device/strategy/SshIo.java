package org.callhome.device.strategy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.Factory;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactory;
import org.apache.sshd.common.util.closeable.AbstractCloseable;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.SshThreadPoolExecutor;
import org.apache.sshd.core.CoreModuleProperties;
import org.callhome.shared.threads.DaemonThreads;

/**
 * The threads a device's MINA SSH stack runs on. A device alone ({@link #own()}) lets MINA give
 * its server or client its own I/O group (one thread, a device having one connection at a time)
 * and timer, closed with it. A fleet ({@link #shared}) gives every device's server or client the
 * same asynchronous channel group on one I/O pool and the same timer, so that the threads of N
 * devices do not grow with N; each device's close then closes only its own connector and
 * sessions, and the fleet closes the group and the timer last ({@link #close()}).
 */
public final class SshIo implements AutoCloseable {

    private static final SshIo OWN = new SshIo(null, null, null, null);

    private final Nio2ServiceFactory group;
    private final CloseableExecutorService ioPool;
    private final CloseableExecutorService resumePool;
    private final ScheduledExecutorService timer;

    private SshIo(Nio2ServiceFactory group, CloseableExecutorService ioPool, CloseableExecutorService resumePool,
                  ScheduledExecutorService timer) {
        this.group = group;
        this.ioPool = ioPool;
        this.resumePool = resumePool;
        this.timer = timer;
    }

    /** Each server or client its own I/O thread and timer, as a device running alone has. */
    public static SshIo own() {
        return OWN;
    }

    /**
     * One channel group on {@code ioThreads} I/O threads (named {@code device-ssh-io}, and as many
     * {@code device-ssh-resume} threads, where MINA resumes a suspended read), and one
     * timer thread ({@code device-ssh-timer}), all started now, for every server and client {@link #applyTo}
     * is given.
     */
    public static SshIo shared(int ioThreads) {
        if (ioThreads < 1 || ioThreads > 256) {
            throw new IllegalArgumentException("I/O threads must be between 1 and 256, got " + ioThreads);
        }
        // only its properties (all MINA's defaults) reach the connectors; it is never started
        SshClient properties = new SshClient();
        CoreModuleProperties.NIO_WORKERS.set(properties, ioThreads);
        SshThreadPoolExecutor io = pool("device-ssh-io", ioThreads);
        SshThreadPoolExecutor resume = pool("device-ssh-resume", ioThreads);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("device-ssh-timer"));
        timer.prestartAllCoreThreads();
        return new SshIo(new Nio2ServiceFactory(properties, io, resume), io, resume, timer);
    }

    /** A fixed pool whose threads all start now, so that a fleet has as many for one device as for N. */
    private static SshThreadPoolExecutor pool(String name, int threads) {
        SshThreadPoolExecutor pool = new SshThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named(name));
        pool.prestartAllCoreThreads();
        return pool;
    }

    /** Whether this is a fleet's shared I/O. */
    public boolean isShared() {
        return group != null;
    }

    /** Puts {@code manager} (a server or client not yet started) on these threads. */
    public void applyTo(AbstractFactoryManager manager) {
        Objects.requireNonNull(manager, "manager");
        if (group == null) {
            // a device has one connection at a time: one I/O thread, not one per core
            CoreModuleProperties.NIO_WORKERS.set(manager, 1);
            return;
        }
        manager.setIoServiceFactoryFactory(new SharedFactoryFactory(group));
        manager.setScheduledExecutorService(timer, false);
    }

    /** Closes the group and stops its threads; the devices on it must be closed first. No-op for {@link #own()}. */
    @Override
    public void close() {
        if (group == null) {
            return;
        }
        group.close(true);
        ioPool.shutdownNow();
        resumePool.shutdownNow();
        DaemonThreads.shutdown(timer, Duration.ofSeconds(5));
    }

    /** Hands every manager the same view of the shared group. */
    private record SharedFactoryFactory(Nio2ServiceFactory group) implements IoServiceFactoryFactory {
        @Override
        public IoServiceFactory create(FactoryManager manager) {
            return new NotClosingFactory(group);
        }

        @Override
        public void setExecutorServiceFactory(Factory<CloseableExecutorService> factory) {
            throw new UnsupportedOperationException("the shared I/O group has its threads already");
        }
    }

    /**
     * The shared group as one manager sees it: its connectors and acceptors are the manager's own
     * (closed with it), the group's close belongs to the fleet.
     */
    private static final class NotClosingFactory extends AbstractCloseable implements IoServiceFactory {
        private final Nio2ServiceFactory group;
        private IoServiceEventListener listener;

        NotClosingFactory(Nio2ServiceFactory group) {
            this.group = group;
        }

        @Override
        public IoConnector createConnector(IoHandler handler) {
            IoConnector connector = group.createConnector(handler);
            connector.setIoServiceEventListener(listener);
            return connector;
        }

        @Override
        public IoAcceptor createAcceptor(IoHandler handler) {
            IoAcceptor acceptor = group.createAcceptor(handler);
            acceptor.setIoServiceEventListener(listener);
            return acceptor;
        }

        @Override
        public IoServiceEventListener getIoServiceEventListener() {
            return listener;
        }

        @Override
        public void setIoServiceEventListener(IoServiceEventListener listener) {
            this.listener = listener;
        }
    }
}
