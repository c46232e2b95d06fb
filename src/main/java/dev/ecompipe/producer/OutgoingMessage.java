package dev.ecompipe.producer;

/**
 * One record to publish to the orders topic: its key (may be null), its bytes, sent as they are, and where
 * it came from ("file:line" for a line of an orders file, null for a mock order), so a dead letter can be
 * traced back to its line.
 */
public record OutgoingMessage(String key, byte[] value, String origin) {
}
