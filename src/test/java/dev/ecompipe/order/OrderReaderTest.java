package dev.ecompipe.order;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderReaderTest {

    private static final String VALID = """
            {"order_id": "ORD-00000042", "order_ts": "2026-03-14T10:26:53.589+01:00", "unknown": [1, {"x": 2}],
             "customer": {"customer_id": "C-0007", "name": "Ada Lovelace", "email": "ada@example.com", "region": "EU-WEST"},
             "lines": [{"line_number": 1, "product_id": "P-0012", "product_name": "Espresso Grinder",
                        "category": "Kitchen", "unit_price": 129.90, "quantity": 1},
                       {"line_number": 2, "product_id": "P-0013", "product_name": "Cup",
                        "category": "Kitchen", "unit_price": 3, "quantity": 4}]}""";

    private final OrderReader reader = new OrderReader(Clock.fixed(Instant.parse("2026-03-15T00:00:00Z"), ZoneOffset.UTC));

    private Order read(String json) throws InvalidOrderException {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheContractExampleWithExactMoneyAndUtcTime() throws Exception {
        Order order = read(VALID);
        assertThat(order.orderId()).isEqualTo("ORD-00000042");
        assertThat(order.orderTs()).isEqualTo(Instant.parse("2026-03-14T09:26:53.589Z"));
        assertThat(order.customer().region()).isEqualTo("EU-WEST");
        assertThat(order.lines()).extracting(l -> l.unitPrice().toPlainString()).containsExactly("129.90", "3.00");
        assertThat(order.lines().get(1).lineTotal().toPlainString()).isEqualTo("12.00");
    }

    /** Found by the fuzz test: the writer kept milliseconds only, so an order read with microseconds changed. */
    @Test
    void anOrderWrittenAgainKeepsItsMicrosecondsAndWholeSeconds() throws Exception {
        for (String ts : new String[] {"2026-03-14T09:26:53.863630Z", "2026-03-14T09:26:53.000001Z", "2026-03-14T09:26:53Z"}) {
            Order order = read(VALID.replace("2026-03-14T10:26:53.589+01:00", ts));
            assertThat(order.orderTs()).isEqualTo(Instant.parse(ts));
            assertThat(reader.read(OrderJson.write(order))).isEqualTo(order);
        }
        assertThat(new String(OrderJson.write(read(VALID)), StandardCharsets.UTF_8)).contains("\"order_ts\":\"2026-03-14T09:26:53.589Z\"");
    }

    @Test
    void aNulCharacterIsRefusedOnlyForAWarehouseThatCannotStoreIt() throws Exception {
        String withNul = VALID.replace("Espresso Grinder", "Espresso\\u0000Grinder");
        assertThat(read(withNul).lines().get(0).productName()).isEqualTo("Espresso\u0000Grinder");
        OrderReader forPostgres = new OrderReader(Clock.fixed(Instant.parse("2026-03-15T00:00:00Z"), ZoneOffset.UTC), false);
        assertThatThrownBy(() -> forPostgres.read(withNul.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidOrderException.class)
                .hasMessage("The field lines[0].product_name holds the character U+0000, which the configured warehouse cannot store.");
        assertThat(forPostgres.read(VALID.getBytes(StandardCharsets.UTF_8)).orderId()).isEqualTo("ORD-00000042");
    }

    @Test
    void anUnpairedSurrogateEscapeIsRejectedAndAPairIsKept() throws Exception {
        assertThatThrownBy(() -> read(VALID.replace("Ada Lovelace", "Ada \\ud800 Lovelace")))
                .hasMessage("The field customer.name holds an unpaired UTF-16 surrogate escape, which is not a character.");
        assertThatThrownBy(() -> read(VALID.replace("Ada Lovelace", "Ada \\udc00")))
                .hasMessageContaining("unpaired UTF-16 surrogate");
        assertThat(read(VALID.replace("Ada Lovelace", "Ada \\ud83d\\ude00")).customer().name()).isEqualTo("Ada \uD83D\uDE00");
    }

    @Test
    void stringsAreDataAndRoundTrip() throws Exception {
        String hostile = "Robert'); DROP TABLE FACT_ORDERS;-- \\\"😀\\u0000";
        Order order = read(VALID.replace("Ada Lovelace", hostile));
        assertThat(order.customer().name()).isEqualTo("Robert'); DROP TABLE FACT_ORDERS;-- \"😀\u0000");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing order_id          | \"order_id\": \"ORD-00000042\",  |                            | The field order_id is missing.",
        "order_id as a number      | \"ORD-00000042\"                 | 42                         | The field order_id must be a string, not a number.",
        "timestamp without offset  | 2026-03-14T10:26:53.589+01:00  | 2026-03-14T10:26:53        | The field order_ts is not an RFC 3339 timestamp with an offset: '2026-03-14T10:26:53'.",
        "timestamp far in future   | 2026-03-14T10:26:53.589+01:00  | 2027-03-14T10:26:53Z       | The field order_ts (2027-03-14T10:26:53Z) is more than 24 hours in the future.",
        "three decimals            | 129.90                         | 129.901                    | The field lines[0].unit_price has more than 2 decimal places: 129.901.",
        "negative price            | 129.90                         | -1                         | The field lines[0].unit_price must be at least 0 and below 10,000,000, not -1.",
        "price as a string         | 129.90                         | \"129.90\"                 | The field lines[0].unit_price must be a number, not a string.",
        "zero quantity             | \"quantity\": 4                  | \"quantity\": 0              | The field lines[1].quantity must be between 1 and 100000, not 0.",
        "fractional quantity       | \"quantity\": 4                  | \"quantity\": 4.5            | The field lines[1].quantity must be a whole number, not a number.",
        "huge quantity             | \"quantity\": 4                  | \"quantity\": 99999999999999999999 | The field lines[1].quantity must be between 1 and 100000, not 99999999999999999999.",
        "zeros that overflow       | \"quantity\": 4                  | \"quantity\": 100e2147483647 | The field lines[1].quantity must be a whole number, not a number.",
        "number no decimal holds   | \"quantity\": 4                  | \"quantity\": 1e2147483648 | The message holds a number that cannot be read:",
        "repeated line number      | \"line_number\": 2               | \"line_number\": 1           | The line_number 1 appears more than once in the order.",
        "empty region              | \"EU-WEST\"                      | \"\"                         | The field customer.region must not be empty.",
        "repeated field            | \"unknown\":                     | \"order_id\": \"X\", \"unknown\": | The message is not valid JSON: Duplicate field 'order_id'",
        "repeated unknown field    | \"unknown\":                     | \"other\": 1, \"other\": 2, \"unknown\": | The message is not valid JSON: Duplicate field 'other'",
        "repeated in unknown object| {\"x\": 2}                       | {\"x\": 2, \"y\": {\"z\": 1, \"z\": 1}} | The message is not valid JSON: Duplicate field 'z'",
        "repeated customer field   | \"region\": \"EU-WEST\"           | \"region\": \"EU-WEST\", \"name\": \"B\" | The message is not valid JSON: Duplicate field 'name'",
        "repeated line field       | \"quantity\": 4                  | \"quantity\": 4, \"quantity\": 4 | The message is not valid JSON: Duplicate field 'quantity'",
        "repeated in a line's extra| \"quantity\": 1                  | \"quantity\": 1, \"gift\": [{\"a\": 1, \"a\": 2}] | The message is not valid JSON: Duplicate field 'a'",
    })
    void rejectsWithAReadableReason(String name, String find, String replace, String reason) {
        String json = VALID.replace(find.strip(), replace == null ? "" : replace.strip());
        assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidOrderException.class).hasMessageStartingWith(reason.strip());
    }

    /**
     * Line numbers are checked for repeats one bit each, 64 to a word: numbers a word apart must not collide, nor
     * numbers 32 apart in one word (a bit shifted as an int instead of a long).
     */
    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({"1, 65", "63, 127", "64, 1000", "999, 1000", "128, 64", "1, 33", "31, 63"})
    void distinctLineNumbersAreAcceptedAndRepeatsRefusedAcrossTheWholeRange(int first, int second) throws Exception {
        String pair = VALID.replace("\"line_number\": 1,", "\"line_number\": " + first + ",");
        Order order = read(pair.replace("\"line_number\": 2,", "\"line_number\": " + second + ","));
        assertThat(order.lines()).extracting(Order.Line::lineNumber).containsExactly(first, second);
        String repeated = pair.replace("\"line_number\": 2,", "\"line_number\": " + first + ",");
        assertThatThrownBy(() -> read(repeated)).hasMessage("The line_number " + first + " appears more than once in the order.");
    }

    @Test
    void valuesOfFieldsAnOrderDoesNotHaveAreNotDecoded() throws Exception {
        assertThat(read(VALID.replace("\"unknown\": [1, {\"x\": 2}]", "\"unknown\": [1e2147483648]")).orderId())
                .isEqualTo("ORD-00000042");
    }

    @Test
    void rejectsWhatIsNotAnOrderAtAll() {
        assertThatThrownBy(() -> read("")).hasMessage("The message is empty.");
        assertThatThrownBy(() -> read("[1]")).hasMessage("The message is not a JSON object.");
        assertThatThrownBy(() -> read("{} {}")).hasMessage("The message holds more than one JSON value.");
        assertThatThrownBy(() -> read("[{\"a\": 1, \"a\": 2}]")).hasMessage("The message is not valid JSON: Duplicate field 'a'.");
        assertThatThrownBy(() -> read("[1, [2")).hasMessageStartingWith("The message is not valid JSON: Unexpected end-of-input");
        assertThatThrownBy(() -> read("{\"a\": {\"b\": [1, {")).hasMessageStartingWith("The message is not valid JSON: Unexpected end-of-input");
        assertThatThrownBy(() -> read("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"))
                .hasMessageStartingWith("The message is not valid JSON");
        assertThatThrownBy(() -> reader.read(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))
                .hasMessageStartingWith("The message is not valid JSON");
        assertThatThrownBy(() -> reader.read(new byte[OrderReader.MAX_MESSAGE_BYTES + 1]))
                .hasMessageContaining("more than the limit of 1048576");
        String tooManyLines = VALID.replaceFirst("\"lines\": \\[", "\"lines\": [" + ("{\"line_number\": 1}," .repeat(1000)));
        assertThatThrownBy(() -> read(tooManyLines)).hasMessage("An order must have 1 to 1000 lines, not 1002.");
    }
}
