package dev.ecompipe.producer;

import java.util.ArrayList;
import java.util.List;

import dev.ecompipe.order.Order;
import dev.ecompipe.order.OrderJson;

/** Mock orders as JSON keyed by customer_id; endless when {@code limit} is negative. */
public final class MockOrderSource implements OrderSource {

    private final MockOrderGenerator generator;
    private final long limit;
    private long produced;

    public MockOrderSource(MockOrderGenerator generator, long limit) {
        this.generator = generator;
        this.limit = limit;
    }

    @Override
    public synchronized List<OutgoingMessage> next(int max) {
        int count = limit < 0 ? max : (int) Math.min(max, limit - produced);
        List<OutgoingMessage> chunk = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Order order = generator.next();
            chunk.add(new OutgoingMessage(order.customer().customerId(), OrderJson.write(order), null));
        }
        produced += count;
        return chunk;
    }

    @Override
    public synchronized boolean exhausted() {
        return limit >= 0 && produced >= limit;
    }
}
