package dev.ecompipe.order;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Parses one message into an {@link Order}, or says in one sentence why it breaks the contract. */
public final class OrderReader {

    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    static final int MAX_TEXT = 200;
    static final int MAX_ORDER_ID = 64;
    static final int MAX_LINES = 1000;
    static final int MAX_QUANTITY = 100_000;
    static final BigDecimal MAX_PRICE = new BigDecimal("10000000");
    static final Duration MAX_FUTURE = Duration.ofHours(24);

    // a field given twice is ambiguous, so it is rejected rather than silently taking the last value
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Clock clock;
    private final boolean acceptsNul;

    public OrderReader(Clock clock) {
        this(clock, true);
    }

    /**
     * @param acceptsNul whether the warehouse can store U+0000 in a string; PostgreSQL's text cannot, so there an
     *                   order holding it is refused here, with its reason, instead of failing its batch for ever
     */
    public OrderReader(Clock clock, boolean acceptsNul) {
        this.clock = clock;
        this.acceptsNul = acceptsNul;
    }

    public Order read(byte[] message) throws InvalidOrderException {
        if (message == null || message.length == 0) {
            throw new InvalidOrderException("The message is empty.");
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new InvalidOrderException("The message has " + message.length + " bytes, more than the limit of "
                    + MAX_MESSAGE_BYTES + " (1 MiB).");
        }
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(message)) {
            root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidOrderException("The message holds more than one JSON value.");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException("The message is not valid JSON: " + sentence(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidOrderException("The message cannot be read: " + sentence(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidOrderException("The message is not a JSON object.");
        }
        String orderId = text(root, "order_id", MAX_ORDER_ID, true);
        Instant orderTs = timestamp(root, "order_ts");
        JsonNode customerNode = root.get("customer");
        if (customerNode == null || customerNode.isNull()) {
            throw new InvalidOrderException("The field customer is missing.");
        }
        if (!customerNode.isObject()) {
            throw new InvalidOrderException("The field customer must be an object.");
        }
        Order.Customer customer = new Order.Customer(
                text(customerNode, "customer_id", MAX_TEXT, true, "customer.customer_id"),
                text(customerNode, "name", MAX_TEXT, true, "customer.name"),
                text(customerNode, "email", MAX_TEXT, false, "customer.email"),
                text(customerNode, "region", MAX_TEXT, true, "customer.region"));
        Order order = new Order(orderId, orderTs, customer, lines(root));
        if (!acceptsNul) {
            refuseNul(order);
        }
        return order;
    }

    private static void refuseNul(Order order) throws InvalidOrderException {
        Order.Customer customer = order.customer();
        refuseNul("order_id", order.orderId());
        refuseNul("customer.customer_id", customer.customerId());
        refuseNul("customer.name", customer.name());
        refuseNul("customer.email", customer.email());
        refuseNul("customer.region", customer.region());
        for (int i = 0; i < order.lines().size(); i++) {
            Order.Line line = order.lines().get(i);
            refuseNul("lines[" + i + "].product_id", line.productId());
            refuseNul("lines[" + i + "].product_name", line.productName());
            refuseNul("lines[" + i + "].category", line.category());
        }
    }

    private static void refuseNul(String path, String value) throws InvalidOrderException {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidOrderException("The field " + path + " holds the character U+0000, which the configured"
                    + " warehouse cannot store.");
        }
    }

    private List<Order.Line> lines(JsonNode root) throws InvalidOrderException {
        JsonNode linesNode = root.get("lines");
        if (linesNode == null || linesNode.isNull()) {
            throw new InvalidOrderException("The field lines is missing.");
        }
        if (!linesNode.isArray()) {
            throw new InvalidOrderException("The field lines must be an array.");
        }
        if (linesNode.isEmpty() || linesNode.size() > MAX_LINES) {
            throw new InvalidOrderException("An order must have 1 to " + MAX_LINES + " lines, not " + linesNode.size() + ".");
        }
        List<Order.Line> lines = new ArrayList<>(linesNode.size());
        Set<Integer> lineNumbers = new HashSet<>();
        for (int i = 0; i < linesNode.size(); i++) {
            JsonNode line = linesNode.get(i);
            String where = "lines[" + i + "]";
            if (!line.isObject()) {
                throw new InvalidOrderException("The entry " + where + " must be an object.");
            }
            int lineNumber = integer(line, "line_number", 1, MAX_LINES, where + ".line_number");
            if (!lineNumbers.add(lineNumber)) {
                throw new InvalidOrderException("The line_number " + lineNumber + " appears more than once in the order.");
            }
            lines.add(new Order.Line(lineNumber,
                    text(line, "product_id", MAX_TEXT, true, where + ".product_id"),
                    text(line, "product_name", MAX_TEXT, true, where + ".product_name"),
                    text(line, "category", MAX_TEXT, true, where + ".category"),
                    price(line, where + ".unit_price"),
                    integer(line, "quantity", 1, MAX_QUANTITY, where + ".quantity")));
        }
        return List.copyOf(lines);
    }

    private static String text(JsonNode parent, String field, int maxLength, boolean required) throws InvalidOrderException {
        return text(parent, field, maxLength, required, field);
    }

    private static String text(JsonNode parent, String field, int maxLength, boolean required, String path)
            throws InvalidOrderException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidOrderException("The field " + path + " is missing.");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidOrderException("The field " + path + " must be a string, not " + kind(node) + ".");
        }
        String value = node.textValue();
        if (required && value.isEmpty()) {
            throw new InvalidOrderException("The field " + path + " must not be empty.");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidOrderException("The field " + path + " has more than " + maxLength + " characters.");
        }
        // a lone surrogate (a JSON escape such as \ud800) has no UTF-8 form: the warehouse would store '?'
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i))
                    : !Character.isLowSurrogate(c);
            if (!paired) {
                throw new InvalidOrderException("The field " + path + " holds an unpaired UTF-16 surrogate escape, which is not a character.");
            }
        }
        return value;
    }

    private Instant timestamp(JsonNode parent, String field) throws InvalidOrderException {
        String text = text(parent, field, 64, true);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidOrderException("The field " + field + " is not an RFC 3339 timestamp with an offset: '"
                    + abbreviate(text) + "'.");
        }
        if (instant.isAfter(clock.instant().plus(MAX_FUTURE))) {
            throw new InvalidOrderException("The field " + field + " (" + text + ") is more than 24 hours in the future.");
        }
        // the warehouse keeps microseconds; truncating here keeps the content hash and the stored value equal
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static int integer(JsonNode parent, String field, int min, int max, String path) throws InvalidOrderException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidOrderException("The field " + path + " is missing.");
        }
        if (!node.isIntegralNumber()) {
            throw new InvalidOrderException("The field " + path + " must be a whole number, not " + kind(node) + ".");
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw new InvalidOrderException("The field " + path + " must be between " + min + " and " + max
                    + ", not " + abbreviate(node.asText()) + ".");
        }
        return node.intValue();
    }

    private static BigDecimal price(JsonNode line, String path) throws InvalidOrderException {
        JsonNode node = line.get("unit_price");
        if (node == null || node.isNull()) {
            throw new InvalidOrderException("The field " + path + " is missing.");
        }
        if (!node.isNumber()) {
            throw new InvalidOrderException("The field " + path + " must be a number, not " + kind(node) + ".");
        }
        BigDecimal price = node.decimalValue();
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) >= 0) {
            throw new InvalidOrderException("The field " + path + " must be at least 0 and below 10,000,000, not "
                    + abbreviate(price.toPlainString()) + ".");
        }
        BigDecimal normalized = price.stripTrailingZeros();
        if (normalized.scale() > 2) {
            throw new InvalidOrderException("The field " + path + " has more than 2 decimal places: "
                    + abbreviate(price.toPlainString()) + ".");
        }
        return normalized.setScale(2);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** A parser's message as the end of one readable sentence: one line, no control characters, bounded. */
    static String sentence(String message) {
        String line = String.valueOf(message).replaceAll("\\p{Cntrl}+", " ").strip();
        if (line.length() > 200) {
            line = line.substring(0, 200) + "...";
        }
        return line.endsWith(".") ? line : line + ".";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
