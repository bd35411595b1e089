package io.busquake.fault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code results/<run-id>/faults.journal}: one JSON object a line, append-only, forced to disk after every line. The
 * first line says where the run went (endpoint, Region, account, credentials source; never keys); a {@code change}
 * line is written before each change, with what to restore; a {@code restored} line after it is undone. A change with
 * no {@code restored} line may still be in effect: {@code rollback} restores it.
 */
public final class Journal implements AutoCloseable {
    public static final String FILE_NAME = "faults.journal";

    private final Path file;
    private final FileChannel channel;
    private int nextId;

    private Journal(Path file, FileChannel channel, int nextId) {
        this.file = file;
        this.channel = channel;
        this.nextId = nextId;
    }

    /** Opens (creating if needed) the journal in {@code runDir} for appending. */
    public static Journal open(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(runDir);
            int next = Files.exists(file) ? read(file).changes().size() + 1 : 1;
            return new Journal(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fault journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Writes the header: where the run's resources live. */
    public synchronized void header(ObjectNode target) {
        ObjectNode line = ControlPath.JSON.createObjectNode().put("kind", "target");
        line.setAll(target);
        append(line);
    }

    /** Records a change about to be made and answers its id. Returns only once the line is on disk. */
    public synchronized int change(String fault, String type, String resource, String description, ObjectNode restore,
                                   Instant at) {
        int id = nextId++;
        append(ControlPath.JSON.createObjectNode().put("kind", "change").put("id", id).put("at", at.toString())
                .put("fault", fault).put("type", type).put("resource", resource).put("description", description)
                .set("restore", restore));
        return id;
    }

    /** Records that change {@code id} is undone, and how. */
    public synchronized void restored(int id, String how, Instant at) {
        append(ControlPath.JSON.createObjectNode().put("kind", "restored").put("id", id).put("at", at.toString())
                .put("how", how));
    }

    private void append(ObjectNode line) {
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            // A change that cannot be journaled must not be made: the caller stops before touching anything.
            throw new UncheckedIOException("cannot write the fault journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a journal says: the target header, every change in order, and which are restored. */
    public record Contents(ObjectNode target, List<ObjectNode> changes, Set<Integer> restored) {
        /** Changes with no restored line, newest first (the order to undo them in). */
        public List<ObjectNode> outstanding() {
            List<ObjectNode> open = new ArrayList<>();
            for (int i = changes.size() - 1; i >= 0; i--) {
                if (!restored.contains(changes.get(i).path("id").asInt())) {
                    open.add(changes.get(i));
                }
            }
            return open;
        }
    }

    /**
     * Reads a journal. A torn last line (the process died while writing it) is ignored: its change was not started,
     * since a change is made only after its line is on disk.
     */
    public static Contents read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fault journal " + file + ": " + e.getMessage(), e);
        }
        ObjectNode target = null;
        List<ObjectNode> changes = new ArrayList<>();
        Set<Integer> restored = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line;
            try {
                line = ControlPath.JSON.readTree(lines.get(i));
            } catch (IOException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a JSON line (" + e.getMessage()
                        + "); the journal was edited or corrupted. Fix: restore the resources by hand from the"
                        + " other lines' restore fields", e);
            }
            switch (line.path("kind").asText()) {
                case "target" -> target = (ObjectNode) line;
                case "change" -> changes.add((ObjectNode) line);
                case "restored" -> restored.add(line.path("id").asInt());
                default -> throw new IllegalStateException(file + ":" + (i + 1) + ": unknown kind '"
                        + line.path("kind").asText() + "'; allowed: target, change, restored");
            }
        }
        if (target == null) {
            throw new IllegalStateException(file + " has no target line, so busquake cannot tell where to restore"
                    + " anything. Fix: check it is a busquake fault journal");
        }
        return new Contents(target, changes, restored);
    }
}
