package dev.ecompipe.ingest;

/**
 * What ingest reports about its work, and all it knows of the metrics: the operations side implements it
 * (and publishes it as Prometheus metrics), so ingest depends on no metrics library and no statistics class.
 */
public interface IngestMetrics {

    /**
     * One batch committed: its messages, the orders and lines it added, the duplicates it skipped, how long it
     * took, the CPU time the thread that wrote it spent on it, and how long that thread waited for a core meanwhile
     * (-1 where the system does not say).
     */
    void loaded(int messages, int orders, int lines, int duplicates, long commitNanos, long cpuNanos, long coreWaitNanos);

    /** The Kafka record timestamps of a committed batch's messages (the first {@code count} of the array). */
    void committed(long[] producedAtMillis, int count);

    /** One message published to the dead-letter topic, by error class ({@link DeadLetters#ERROR_CLASS}). */
    void deadLettered(String errorClass);
}
