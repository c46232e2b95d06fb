package dev.ecompipe.producer;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecompipe.config.ConfigurationException;

/**
 * Each line of a JSON-lines file, byte for byte (invalid lines and invalid UTF-8 included), in file order.
 * The key is the line's customer.customer_id when it has one.
 */
public final class FileOrderSource implements OrderSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final List<byte[]> lines;
    private int position;

    public FileOrderSource(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The orders file " + file + " (--orders-file) cannot be read: it does not exist.");
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("The orders file " + file + " (--orders-file) cannot be read: permission denied.");
        } catch (IOException e) {
            throw new ConfigurationException("The orders file " + file + " (--orders-file) cannot be read: " + e.getMessage() + ".");
        }
        this.name = file.toString();
        this.lines = splitLines(content);
    }

    static List<byte[]> splitLines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                if (i == content.length && start == i) {
                    break;
                }
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                byte[] line = new byte[end - start];
                System.arraycopy(content, start, line, 0, line.length);
                lines.add(line);
                start = i + 1;
            }
        }
        return lines;
    }

    public int size() {
        return lines.size();
    }

    @Override
    public synchronized List<OutgoingMessage> next(int max) {
        List<OutgoingMessage> chunk = new ArrayList<>(Math.min(max, lines.size() - position));
        while (chunk.size() < max && position < lines.size()) {
            byte[] line = lines.get(position++);
            chunk.add(new OutgoingMessage(customerId(line), line, name + ":" + position));
        }
        return chunk;
    }

    private static String customerId(byte[] line) {
        try {
            JsonNode id = MAPPER.readTree(line).path("customer").path("customer_id");
            return id.isTextual() ? id.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized boolean exhausted() {
        return position >= lines.size();
    }
}
