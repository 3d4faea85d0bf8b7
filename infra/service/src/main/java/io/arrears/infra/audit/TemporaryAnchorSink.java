package io.arrears.infra.audit;

import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.DirectoryAnchorSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Anchors of a store kept in memory: files in a temporary directory that is deleted with its
 * anchors when the ledger stops, as the store's data goes then. Deleting the directory on exit
 * alone left it behind, since it is not empty by then.
 */
final class TemporaryAnchorSink implements AnchorSink, AutoCloseable {

    private final Path directory;
    private final DirectoryAnchorSink files;

    private TemporaryAnchorSink(Path directory) {
        this.directory = directory;
        this.files = new DirectoryAnchorSink(directory);
    }

    static TemporaryAnchorSink create() {
        try {
            return new TemporaryAnchorSink(Files.createTempDirectory("arrears-anchors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void publish(Anchor anchor) {
        files.publish(anchor);
    }

    @Override
    public List<Published> list() {
        return files.list();
    }

    @Override
    public String describe() {
        return files.describe();
    }

    /** Deletes the directory and the anchors in it. */
    @Override
    public void close() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary anchors in " + directory, e);
        }
    }
}
