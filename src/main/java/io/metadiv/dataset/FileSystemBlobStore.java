package io.metadiv.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Blobs as files {@code <dir>/<first two hex digits>/<checksum>} ({@code metadiv.blob-store=filesystem}), for a
 * single node or a shared volume. Files cannot join a database transaction, so a put is undone when the transaction
 * rolls back and a delete happens only after it commits.
 */
class FileSystemBlobStore implements BlobStore {

    private final Path dir;

    FileSystemBlobStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    private Path path(String checksum) {
        if (!checksum.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("Not a SHA-256 checksum: " + checksum);
        }
        return dir.resolve(checksum.substring(0, 2)).resolve(checksum);
    }

    @Override
    public void put(String checksum, Path file, long bytes) throws IOException {
        Path target = path(checksum);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), checksum, ".tmp");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            // A hard link fails if the target exists, so of two concurrent puts exactly one creates the blob.
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException alreadyStored) {
            return;
        } finally {
            Files.deleteIfExists(tmp);
        }
        afterRollback(() -> Files.deleteIfExists(target));
    }

    @Override
    public InputStream open(String checksum) throws IOException {
        return Files.newInputStream(path(checksum));
    }

    @Override
    public boolean exists(String checksum) {
        return Files.exists(path(checksum));
    }

    @Override
    public void delete(String checksum) throws IOException {
        Path target = path(checksum);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            Files.deleteIfExists(target);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Override
    public long count() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    private interface FileAction {
        void run() throws IOException;
    }

    private static void afterRollback(FileAction undo) throws IOException {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    try {
                        undo.run();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        });
    }
}
