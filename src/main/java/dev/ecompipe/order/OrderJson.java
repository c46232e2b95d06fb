package dev.ecompipe.order;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Writes an {@link Order} as the JSON order event of schema/order-event.schema.json. */
public final class OrderJson {

    /**
     * The Kafka header of an order published from a file, "file:line": the producer sets it, and a dead letter
     * made of that message keeps it, so a bad line can be found in its file.
     */
    public static final String SOURCE_HEADER = "x-source";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private OrderJson() {
    }

    public static byte[] write(Order order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("order_id", order.orderId());
            json.writeStringField("order_ts", UtcText.eventTimestamp(order.orderTs()));
            json.writeObjectFieldStart("customer");
            json.writeStringField("customer_id", order.customer().customerId());
            json.writeStringField("name", order.customer().name());
            if (order.customer().email() != null) {
                json.writeStringField("email", order.customer().email());
            }
            json.writeStringField("region", order.customer().region());
            json.writeEndObject();
            json.writeArrayFieldStart("lines");
            for (Order.Line line : order.lines()) {
                json.writeStartObject();
                json.writeNumberField("line_number", line.lineNumber());
                json.writeStringField("product_id", line.productId());
                json.writeStringField("product_name", line.productName());
                json.writeStringField("category", line.category());
                json.writeNumberField("unit_price", line.unitPrice());
                json.writeNumberField("quantity", line.quantity());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
