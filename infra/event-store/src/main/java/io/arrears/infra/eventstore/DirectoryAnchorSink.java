package io.arrears.infra.eventstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Anchors as files in a directory, one per anchor ({@code anchor-000000000042.json}), each created
 * once and synced to disk, never overwritten. On the embedded default the directory is
 * {@code anchors} under the data directory. It protects against an insider who can write the
 * database but not this directory: put it on another machine, a WORM mount or a synced bucket.
 */
public final class DirectoryAnchorSink implements AnchorSink {

    static final String PREFIX = "anchor-";
    static final String SUFFIX = ".json";
    private final Path directory;

    public DirectoryAnchorSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public void publish(Anchor anchor) {
        Path file = directory.resolve(name(anchor.sequence()));
        byte[] content = (anchor.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            String existing = read(file);
            if (!existing.strip().equals(anchor.toJson())) {
                throw new IllegalStateException("anchor " + anchor.sequence() + " exists in " + directory
                        + " with other content; it is never overwritten");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish anchor " + anchor.sequence() + " to " + directory, e);
        }
    }

    @Override
    public List<Published> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(path -> path.getFileName().toString().startsWith(PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the anchors in " + directory, e);
        }
        List<Published> published = new ArrayList<>(files.size());
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                published.add(new Published(name, Anchor.parse(read(file).strip()), null));
            } catch (RuntimeException e) {
                published.add(new Published(name, null, "does not read as an anchor: " + e.getMessage()));
            }
        }
        return published;
    }

    @Override
    public String describe() {
        return directory.toAbsolutePath().toString();
    }

    static String name(long sequence) {
        return PREFIX + String.format("%012d", sequence) + SUFFIX;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
