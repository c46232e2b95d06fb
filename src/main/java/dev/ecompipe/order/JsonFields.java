package dev.ecompipe.order;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

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

    /**
     * A field given twice is ambiguous, so a message with one is rejected rather than silently taking the last value,
     * in any object of the message. Checked here rather than by Jackson's STRICT_DUPLICATE_DETECTION, which keeps a
     * set of names for every object: that set was an eighth of the consumer thread (README Performance), where the
     * event's own objects need only a bit for each of their known fields.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
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
                skip(parser, first);
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
        int known = 0;
        Set<String> unknown = null;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            int index = shape.index(name);
            if (index < 0) {
                if (unknown == null) {
                    unknown = new HashSet<>();
                }
                if (!unknown.add(name)) {
                    throw duplicate(parser, name);
                }
                skip(parser, parser.nextToken());
                continue;
            }
            if ((known & 1 << index) != 0) {
                throw duplicate(parser, name);
            }
            known |= 1 << index;
            JsonToken token = parser.nextToken();
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

    /** Past a value the event does not look into: a container's tokens are read, and its objects' fields checked. */
    private static void skip(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            Set<String> names = new HashSet<>();
            String name;
            while ((name = parser.nextFieldName()) != null) {
                if (!names.add(name)) {
                    throw duplicate(parser, name);
                }
                skip(parser, parser.nextToken());
            }
        } else if (token == JsonToken.START_ARRAY) {
            JsonToken next;
            while ((next = parser.nextToken()) != JsonToken.END_ARRAY && next != null) {
                skip(parser, next);
            }
        }
    }

    private static JsonParseException duplicate(JsonParser parser, String name) {
        return new JsonParseException(parser, "Duplicate field '" + name + "'");
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
                skip(parser, token);
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
