package dev.ecompipe.order;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.ecompipe.order.JsonFields.CATEGORY;
import static dev.ecompipe.order.JsonFields.CUSTOMER;
import static dev.ecompipe.order.JsonFields.CUSTOMER_ID;
import static dev.ecompipe.order.JsonFields.EMAIL;
import static dev.ecompipe.order.JsonFields.LINES;
import static dev.ecompipe.order.JsonFields.LINE_NUMBER;
import static dev.ecompipe.order.JsonFields.NAME;
import static dev.ecompipe.order.JsonFields.ORDER_ID;
import static dev.ecompipe.order.JsonFields.ORDER_TS;
import static dev.ecompipe.order.JsonFields.PRODUCT_ID;
import static dev.ecompipe.order.JsonFields.PRODUCT_NAME;
import static dev.ecompipe.order.JsonFields.QUANTITY;
import static dev.ecompipe.order.JsonFields.REGION;
import static dev.ecompipe.order.JsonFields.UNIT_PRICE;
import static dev.ecompipe.order.JsonFields.kind;

/** Parses one message into an {@link Order}, or says in one sentence why it breaks the contract. */
public final class OrderReader {

    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    static final int MAX_TEXT = 200;
    static final int MAX_ORDER_ID = 64;
    static final int MAX_LINES = 1000;
    static final int MAX_QUANTITY = 100_000;
    static final BigDecimal MAX_PRICE = new BigDecimal("10000000");
    static final Duration MAX_FUTURE = Duration.ofHours(24);
    private static final int NOT_A_LINE = -1;

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
        Object[] root = JsonFields.parse(message);
        String orderId = text(root[ORDER_ID], "order_id", MAX_ORDER_ID, true);
        Instant orderTs = timestamp(root[ORDER_TS], "order_ts");
        Object customerValue = root[CUSTOMER];
        if (customerValue == null) {
            throw new InvalidOrderException("The field customer is missing.");
        }
        if (!(customerValue instanceof Object[] customerFields)) {
            throw new InvalidOrderException("The field customer must be an object.");
        }
        Order.Customer customer = new Order.Customer(
                text(customerFields[CUSTOMER_ID], "customer.customer_id", MAX_TEXT, true),
                text(customerFields[NAME], "customer.name", MAX_TEXT, true),
                text(customerFields[EMAIL], "customer.email", MAX_TEXT, false),
                text(customerFields[REGION], "customer.region", MAX_TEXT, true));
        Order order = new Order(orderId, orderTs, customer, lines(root[LINES]));
        if (!acceptsNul) {
            refuseNul(order);
        }
        return order;
    }

    private static void refuseNul(Order order) throws InvalidOrderException {
        Order.Customer customer = order.customer();
        refuseNul(NOT_A_LINE, "order_id", order.orderId());
        refuseNul(NOT_A_LINE, "customer.customer_id", customer.customerId());
        refuseNul(NOT_A_LINE, "customer.name", customer.name());
        refuseNul(NOT_A_LINE, "customer.email", customer.email());
        refuseNul(NOT_A_LINE, "customer.region", customer.region());
        for (int i = 0; i < order.lines().size(); i++) {
            Order.Line line = order.lines().get(i);
            refuseNul(i, "product_id", line.productId());
            refuseNul(i, "product_name", line.productName());
            refuseNul(i, "category", line.category());
        }
    }

    private static void refuseNul(int line, String field, String value) throws InvalidOrderException {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidOrderException("The field " + path(line, field) + " holds the character U+0000, which the configured"
                    + " warehouse cannot store.");
        }
    }

    private static List<Order.Line> lines(Object value) throws InvalidOrderException {
        if (value == null) {
            throw new InvalidOrderException("The field lines is missing.");
        }
        if (!(value instanceof List<?> entries)) {
            throw new InvalidOrderException("The field lines must be an array.");
        }
        if (entries.isEmpty() || entries.size() > MAX_LINES) {
            throw new InvalidOrderException("An order must have 1 to " + MAX_LINES + " lines, not " + entries.size() + ".");
        }
        Order.Line[] lines = new Order.Line[entries.size()];
        // a bit per line number, 1 to MAX_LINES (checked before it is set): a boolean each was a kilobyte an order
        long[] lineNumbers = new long[MAX_LINES / Long.SIZE + 1];
        for (int i = 0; i < lines.length; i++) {
            if (!(entries.get(i) instanceof Object[] line)) {
                throw new InvalidOrderException("The entry lines[" + i + "] must be an object.");
            }
            int lineNumber = integer(line[LINE_NUMBER], i, "line_number", 1, MAX_LINES);
            long bit = 1L << (lineNumber % Long.SIZE);
            if ((lineNumbers[lineNumber / Long.SIZE] & bit) != 0) {
                throw new InvalidOrderException("The line_number " + lineNumber + " appears more than once in the order.");
            }
            lineNumbers[lineNumber / Long.SIZE] |= bit;
            lines[i] = new Order.Line(lineNumber,
                    text(line[PRODUCT_ID], i, "product_id", MAX_TEXT, true),
                    text(line[PRODUCT_NAME], i, "product_name", MAX_TEXT, true),
                    text(line[CATEGORY], i, "category", MAX_TEXT, true),
                    price(line[UNIT_PRICE], i, "unit_price"),
                    integer(line[QUANTITY], i, "quantity", 1, MAX_QUANTITY));
        }
        return List.of(lines);
    }

    /** A field's path in a reason, "lines[2].quantity" for a line's field: made for a reason, not for every field read. */
    private static String path(int line, String field) {
        return line == NOT_A_LINE ? field : "lines[" + line + "]." + field;
    }

    private static String text(Object node, String field, int maxLength, boolean required) throws InvalidOrderException {
        return text(node, NOT_A_LINE, field, maxLength, required);
    }

    private static String text(Object node, int line, String field, int maxLength, boolean required)
            throws InvalidOrderException {
        if (node == null) {
            if (required) {
                throw new InvalidOrderException("The field " + path(line, field) + " is missing.");
            }
            return null;
        }
        if (!(node instanceof String value)) {
            throw new InvalidOrderException("The field " + path(line, field) + " must be a string, not " + kind(node) + ".");
        }
        if (required && value.isEmpty()) {
            throw new InvalidOrderException("The field " + path(line, field) + " must not be empty.");
        }
        if (value.length() > maxLength && value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidOrderException("The field " + path(line, field) + " has more than " + maxLength + " characters.");
        }
        // a lone surrogate (a JSON escape such as \ud800) has no UTF-8 form: the warehouse would store '?'
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i))
                    : !Character.isLowSurrogate(c);
            if (!paired) {
                throw new InvalidOrderException("The field " + path(line, field) + " holds an unpaired UTF-16 surrogate escape, which is not a character.");
            }
        }
        return value;
    }

    private Instant timestamp(Object node, String field) throws InvalidOrderException {
        String text = text(node, field, 64, true);
        Instant instant = Rfc3339.parse(text);
        if (instant == null) {
            throw new InvalidOrderException("The field " + field + " is not an RFC 3339 timestamp with an offset: '"
                    + abbreviate(text) + "'.");
        }
        if (instant.isAfter(clock.instant().plus(MAX_FUTURE))) {
            throw new InvalidOrderException("The field " + field + " (" + text + ") is more than 24 hours in the future.");
        }
        // the warehouse keeps microseconds; truncating here keeps the content hash and the stored value equal
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static int integer(Object node, int line, String field, int min, int max) throws InvalidOrderException {
        if (node == null) {
            throw new InvalidOrderException("The field " + path(line, field) + " is missing.");
        }
        if (!(node instanceof Integer || node instanceof Long || node instanceof BigInteger)) {
            throw new InvalidOrderException("The field " + path(line, field) + " must be a whole number, not " + kind(node) + ".");
        }
        Number number = (Number) node;
        boolean fitsLong = !(number instanceof BigInteger big) || big.bitLength() < Long.SIZE;
        if (!fitsLong || number.longValue() < min || number.longValue() > max) {
            throw new InvalidOrderException("The field " + path(line, field) + " must be between " + min + " and " + max
                    + ", not " + abbreviate(number.toString()) + ".");
        }
        return number.intValue();
    }

    private static BigDecimal price(Object node, int line, String field) throws InvalidOrderException {
        if (node == null) {
            throw new InvalidOrderException("The field " + path(line, field) + " is missing.");
        }
        if (!(node instanceof Number number)) {
            throw new InvalidOrderException("The field " + path(line, field) + " must be a number, not " + kind(node) + ".");
        }
        BigDecimal price = number instanceof BigDecimal decimal ? decimal
                : number instanceof BigInteger big ? new BigDecimal(big) : BigDecimal.valueOf(number.longValue());
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) >= 0) {
            throw new InvalidOrderException("The field " + path(line, field) + " must be at least 0 and below 10,000,000, not "
                    + abbreviate(price.toPlainString()) + ".");
        }
        BigDecimal normalized = price.stripTrailingZeros();
        if (normalized.scale() > 2) {
            throw new InvalidOrderException("The field " + path(line, field) + " has more than 2 decimal places: "
                    + abbreviate(price.toPlainString()) + ".");
        }
        return normalized.setScale(2);
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
