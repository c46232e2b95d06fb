package dev.ecompipe.producer;

import java.util.List;

/** Where published orders come from: the mock generator or a JSON-lines file. */
public interface OrderSource {

    /** Up to {@code max} next messages; an empty list once the source is exhausted. */
    List<OutgoingMessage> next(int max);

    boolean exhausted();
}
