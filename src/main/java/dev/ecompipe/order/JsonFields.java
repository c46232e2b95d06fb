package dev.ecompipe.order;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * One pass of Jackson's streaming parser over a message, keeping only the fields of an order event: the
 * whole message is still read, so a syntax error anywhere wins over a field's error, as it would with a tree,
 * but no tree is built (parsing was half of the consumer thread's samples, README Performance), and the values
 * of fields the event does not have are not decoded. An object of the
 * event becomes an array of its known fields' values, by the indexes below; a value is a String, a Number
 * (Integer, Long or BigInteger for a whole number, BigDecimal otherwise), a Boolean, null (JSON null or
 * absent), the {@code lines} array as a List, or {@link Container} for an object or array kept for its kind.
 */
final class JsonFields {

    static final int ORDER_ID = 0;
    static final int ORDER_TS = 1;
    static final int CUSTOMER = 2;
    static final int LINES = 3;

    static final int CUSTOMER_ID = 0;
    static final int NAME = 1;
    static final int EMAIL = 2;
    static final int REGION = 3;

    static final int LINE_NUMBER = 0;
    static final int PRODUCT_ID = 1;
    static final int PRODUCT_NAME = 2;
    static final int CATEGORY = 3;
    static final int UNIT_PRICE = 4;
    static final int QUANTITY = 5;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            // a field given twice is ambiguous, so it is rejected rather than silently taking the last value
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** An object or array the event does not look into: only its kind matters. */
    enum Container { OBJECT, ARRAY }

    /** The objects of an order event whose fields are kept. */
    private enum Shape {
        ORDER(4), CUSTOMER(4), LINE(6);

        final int fields;

        Shape(int fields) {
            this.fields = fields;
        }

        int index(String name) {
            return switch (this) {
                case ORDER -> switch (name) {
                    case "order_id" -> ORDER_ID;
                    case "order_ts" -> ORDER_TS;
                    case "customer" -> JsonFields.CUSTOMER;
                    case "lines" -> LINES;
                    default -> -1;
                };
                case CUSTOMER -> switch (name) {
                    case "customer_id" -> CUSTOMER_ID;
                    case "name" -> NAME;
                    case "email" -> EMAIL;
                    case "region" -> REGION;
                    default -> -1;
                };
                case LINE -> switch (name) {
                    case "line_number" -> LINE_NUMBER;
                    case "product_id" -> PRODUCT_ID;
                    case "product_name" -> PRODUCT_NAME;
                    case "category" -> CATEGORY;
                    case "unit_price" -> UNIT_PRICE;
                    case "quantity" -> QUANTITY;
                    default -> -1;
                };
            };
        }
    }

    private JsonFields() {
    }

    /** The order's fields by the indexes above, or the reason the message is not one JSON object. */
    static Object[] parse(byte[] message) throws InvalidOrderException {
        try (JsonParser parser = FACTORY.createParser(message)) {
            JsonToken first = parser.nextToken();
            Object[] order = null;
            if (first == JsonToken.START_OBJECT) {
                order = object(parser, Shape.ORDER);
            } else {
                parser.skipChildren();
            }
            if (first != null && parser.nextToken() != null) {
                throw new InvalidOrderException("The message holds more than one JSON value.");
            }
            if (order == null) {
                throw new InvalidOrderException("The message is not a JSON object.");
            }
            return order;
        } catch (NumberFormatException e) {
            // a number of an order field that no BigDecimal holds, such as 1e2147483648
            throw new InvalidOrderException("The message holds a number that cannot be read: " + OrderReader.sentence(e.getMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException("The message is not valid JSON: " + OrderReader.sentence(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidOrderException("The message cannot be read: " + OrderReader.sentence(e.getMessage()));
        }
    }

    private static Object[] object(JsonParser parser, Shape shape) throws IOException {
        Object[] fields = new Object[shape.fields];
        String name;
        while ((name = parser.nextFieldName()) != null) {
            int index = shape.index(name);
            JsonToken token = parser.nextToken();
            if (index < 0) {
                parser.skipChildren();
                continue;
            }
            if (shape == Shape.ORDER && index == CUSTOMER && token == JsonToken.START_OBJECT) {
                fields[index] = object(parser, Shape.CUSTOMER);
            } else if (shape == Shape.ORDER && index == LINES && token == JsonToken.START_ARRAY) {
                fields[index] = lines(parser);
            } else {
                fields[index] = value(parser, token, shape != Shape.ORDER);
            }
        }
        return fields;
    }

    private static List<Object> lines(JsonParser parser) throws IOException {
        List<Object> entries = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            entries.add(token == JsonToken.START_OBJECT ? object(parser, Shape.LINE) : value(parser, token, false));
        }
        return entries;
    }

    /** A field's value; {@code repeats}: the field's text recurs across orders (a customer's, a line's), see {@link RepeatedText}. */
    private static Object value(JsonParser parser, JsonToken token, boolean repeats) throws IOException {
        return switch (token) {
            case VALUE_STRING -> repeats ? RepeatedText.of(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())
                    : parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> decimal(parser.getDecimalValue());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> {
                parser.skipChildren();
                yield token == JsonToken.START_OBJECT ? Container.OBJECT : Container.ARRAY;
            }
            default -> null;
        };
    }

    /** As Jackson's tree keeps a decimal: without trailing zeros, unless stripping them overflows the scale. */
    private static BigDecimal decimal(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        try {
            return value.stripTrailingZeros();
        } catch (ArithmeticException e) {
            return value;
        }
    }

    /** How a value is named in a reason: "a string", "a number", ... */
    static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof List<?> || value == Container.ARRAY ? "an array" : "an object";
    }
}
