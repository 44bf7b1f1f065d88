package com.warehouseplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A folder that keeps a local warehouse between runs, as a cluster keeps its data across a
 * reboot (Management Guide: API_RebootCluster): {@code postgres/} is PostgreSQL's data directory
 * (tables, ledgers, users, grants, applied migrations, load errors), {@code buckets/<name>/} the
 * buckets kept (the ops bucket: manifests, pending batches, quarantine). One process at a time:
 * it holds a lock on {@code in-use.lock} (which names its pid) until {@link #close()}; the
 * operating system releases it however the process ends.
 */
public final class StateFolder implements AutoCloseable {

    private static final String LOCK = "in-use.lock";

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private StateFolder(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder (created if missing) for this process, or fails naming the process that
     * has it. A PostgreSQL server still running on its data directory was left by a process that
     * died (no live process holds the folder): it is stopped, so that this start can begin its own.
     */
    public static StateFolder open(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        FileChannel channel;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(
                    root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("state folder " + root + ": cannot use it: " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("state folder " + root + ": cannot lock " + LOCK + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String owner = owner(root);
            close(channel);
            throw new IllegalStateException("state folder " + root + " is in use by another local"
                    + " warehouse" + (owner.isEmpty() ? "" : " (process " + owner + ")")
                    + ": one process at a time; stop it or give another folder");
        }
        StateFolder state = new StateFolder(root, channel, lock);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            Files.createDirectories(root.resolve("buckets"));
        } catch (IOException e) {
            state.close();
            throw new UncheckedIOException("state folder " + root + ": " + e.getMessage(), e);
        }
        Postmaster.stop(state.postgresDataDirectory());
        return state;
    }

    public Path path() {
        return root;
    }

    /** PostgreSQL's data directory (initdb'd on the first start). */
    public Path postgresDataDirectory() {
        return root.resolve("postgres");
    }

    /** The folder of a kept bucket, created if missing. */
    public Path bucket(String name) {
        Path bucket = root.resolve("buckets").resolve(name);
        try {
            return Files.createDirectories(bucket);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "state folder " + root + ": cannot create " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Lets the folder go; the next process may take it. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static String owner(Path root) {
        try {
            return Files.readString(root.resolve(LOCK), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held any more
        }
    }
}
