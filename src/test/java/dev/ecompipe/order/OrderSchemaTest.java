package dev.ecompipe.order;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ecompipe.TestOrders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published schema (schema/order-event.schema.json) and the reader the pipeline uses agree both ways:
 * every valid example passes both, and every rule the reader enforces is either a schema rule (the schema
 * rejects the breaking message too) or named in the schema's description as one a JSON Schema cannot state.
 */
class OrderSchemaTest {

    private static final Path SCHEMA = Path.of("schema/order-event.schema.json");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    // as the reader does: a price is an exact decimal, so multipleOf 0.01 is checked without binary rounding
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final String BASE = """
            {"order_id": "ORD-1", "order_ts": "2026-03-14T09:26:53.589Z",
             "customer": {"customer_id": "C-1", "name": "Ada", "email": "ada@example.com", "region": "EU-WEST"},
             "lines": [{"line_number": 1, "product_id": "P-1", "product_name": "Grinder", "category": "Kitchen",
                        "unit_price": 129.90, "quantity": 1}]}""";

    private final OrderReader reader = new OrderReader(Clock.fixed(NOW, ZoneOffset.UTC));
    private final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(readSchema(), SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void everyValidExamplePassesTheSchemaAndTheReader(String name, String json) throws Exception {
        assertThat(schemaErrors(json)).as(name).isEmpty();
        assertThat(reader.read(json.getBytes(StandardCharsets.UTF_8)).orderId()).isNotEmpty();
    }

    static Stream<Object[]> validExamples() throws IOException {
        List<Object[]> examples = new ArrayList<>();
        examples.add(new Object[] {"README example", readmeExample()});
        examples.add(new Object[] {"base", BASE});
        examples.add(new Object[] {"email absent", BASE.replace("\"email\": \"ada@example.com\", ", "")});
        examples.add(new Object[] {"email null", BASE.replace("\"ada@example.com\"", "null")});
        examples.add(new Object[] {"email empty", BASE.replace("\"ada@example.com\"", "\"\"")});
        examples.add(new Object[] {"integer price", BASE.replace("129.90", "129")});
        examples.add(new Object[] {"price just below the limit", BASE.replace("129.90", "9999999.99")});
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/hostile"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("valid-")).sorted().toList()) {
                examples.add(new Object[] {file.getFileName().toString(), Files.readString(file)});
            }
        }
        TestOrders.generate(15, 50).forEach(order -> examples.add(new Object[] {"mock " + order.orderId(), TestOrders.json(order)}));
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "order_id missing            | \"order_id\": \"ORD-1\",       | ",
        "order_id empty              | \"ORD-1\"                      | \"\"",
        "order_id a number           | \"ORD-1\"                      | 1",
        "order_id of 65 characters   | \"ORD-1\"                      | \"" + "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM" + "\"",
        "order_ts missing            | \"order_ts\": \"2026-03-14T09:26:53.589Z\", | ",
        "order_ts without offset     | 2026-03-14T09:26:53.589Z       | 2026-03-14T09:26:53.589",
        "order_ts not a time         | 2026-03-14T09:26:53.589Z       | yesterday",
        "customer missing            | \"customer\": {\"customer_id\": \"C-1\", \"name\": \"Ada\", \"email\": \"ada@example.com\", \"region\": \"EU-WEST\"}, | ",
        "customer not an object      | {\"customer_id\": \"C-1\", \"name\": \"Ada\", \"email\": \"ada@example.com\", \"region\": \"EU-WEST\"} | \"C-1\"",
        "customer_id missing         | \"customer_id\": \"C-1\",      | ",
        "customer_id empty           | \"C-1\"                        | \"\"",
        "name missing                | \"name\": \"Ada\",             | ",
        "name null                   | \"Ada\"                        | null",
        "region empty                | \"EU-WEST\"                    | \"\"",
        "email a number              | \"ada@example.com\"            | 7",
        "lines missing               | \"lines\": [                   | \"other\": [",
        "lines empty                 | [{                             | [], \"x\": [{",
        "lines not an array          | \"lines\": [                   | \"lines\": 1, \"x\": [",
        "line not an object          | [{                             | [1, {",
        "line_number zero            | \"line_number\": 1             | \"line_number\": 0",
        "line_number 1001            | \"line_number\": 1             | \"line_number\": 1001",
        "line_number a string        | \"line_number\": 1             | \"line_number\": \"1\"",
        "product_id missing          | \"product_id\": \"P-1\",       | ",
        "product_name empty          | \"Grinder\"                    | \"\"",
        "category a boolean          | \"Kitchen\"                    | true",
        "unit_price missing          | \"unit_price\": 129.90,        | ",
        "unit_price negative         | 129.90                         | -0.01",
        "unit_price at the limit     | 129.90                         | 10000000",
        "unit_price three decimals   | 129.90                         | 129.905",
        "unit_price a string         | 129.90                         | \"129.90\"",
        "quantity zero               | \"quantity\": 1                | \"quantity\": 0",
        "quantity 100001             | \"quantity\": 1                | \"quantity\": 100001",
        "quantity a fraction         | \"quantity\": 1                | \"quantity\": 1.5",
        "quantity missing            | , \"quantity\": 1              | ",
        "not an object               | " + BASE_MARKER + "            | [1, 2]",
    })
    void everyRuleTheReaderEnforcesIsASchemaRule(String rule, String from, String to) throws IOException {
        String json = from.equals(BASE_MARKER) ? to : BASE.replace(from, to == null ? "" : to);
        assertThat(json).as("the case changes the example").isNotEqualTo(BASE);
        assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8))).as(rule)
                .isInstanceOf(InvalidOrderException.class);
        assertThat(schemaErrors(json)).as(rule).isNotEmpty();
    }

    private static final String BASE_MARKER = "<whole message>";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1 MiB                     | 1 MiB",
        "one JSON value            | exactly one JSON value",
        "field appears twice       | no field appears twice",
        "24 hours in the future    | at most 24 hours after",
        "line_number unique        | line_number is unique within an order",
        "unpaired surrogate        | no unpaired UTF-16 surrogate",
    })
    void theRulesBeyondAJsonSchemaAreNamedInItsDescription(String rule, String phrase) throws IOException {
        assertThat(MAPPER.readTree(readSchema()).path("description").asText()).as(rule).contains(phrase);
    }

    @Test
    void theReaderEnforcesTheRulesBeyondTheSchema() {
        List<String> breaking = List.of(
                BASE.replace("\"region\": \"EU-WEST\"", "\"region\": \"EU-WEST\", \"region\": \"APAC\""),
                BASE.replace("2026-03-14T09:26:53.589Z", "2026-06-02T00:00:01Z"),
                BASE.replace("\"quantity\": 1}]", "\"quantity\": 1}, {\"line_number\": 1, \"product_id\": \"P-2\","
                        + " \"product_name\": \"Cup\", \"category\": \"Kitchen\", \"unit_price\": 3, \"quantity\": 1}]"),
                BASE.replace("\"Ada\"", "\"Ada \\ud800\""),
                BASE + " " + BASE,
                BASE.replace("\"Ada\"", "\"" + "x".repeat(OrderReader.MAX_MESSAGE_BYTES) + "\""));
        for (String json : breaking) {
            assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidOrderException.class);
        }
    }

    private Set<ValidationMessage> schemaErrors(String json) throws IOException {
        return schema.validate(MAPPER.readTree(json));
    }

    private static String readSchema() {
        try {
            return Files.readString(SCHEMA);
        } catch (IOException e) {
            throw new IllegalStateException("The schema " + SCHEMA + " cannot be read", e);
        }
    }

    /** The JSON example of the README's section "The order event". */
    private static String readmeExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher matcher = Pattern.compile("## The order event\\n.*?```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(matcher.find()).as("README has the section 'The order event' with a JSON example").isTrue();
        return matcher.group(1);
    }
}
