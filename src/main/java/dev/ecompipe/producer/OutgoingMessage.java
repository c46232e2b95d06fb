package dev.ecompipe.producer;

/** One record to publish to the orders topic: its key (may be null) and its bytes, sent as they are. */
public record OutgoingMessage(String key, byte[] value) {
}
