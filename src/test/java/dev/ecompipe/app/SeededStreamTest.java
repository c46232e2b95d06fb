package dev.ecompipe.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ecompipe.producer.OrderSource;
import dev.ecompipe.producer.OutgoingMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --orders N --seed S}: order k of seed S is the same whatever N is; with {@code --event-time clock}, the
 * same orders timed by the clock.
 */
class SeededStreamTest {

    @Test
    void aShorterRunWithTheSameSeedRepeatsTheFirstOrdersOfALongerOne() {
        List<String> short100 = firstMessages(100, 100);
        List<String> long20000 = firstMessages(20_000, 100);

        assertThat(short100).hasSize(100).isEqualTo(long20000);
        assertThat(source(12, 100).next(1).get(0).value()).isNotEqualTo(source(11, 100).next(1).get(0).value());
    }

    @Test
    void anEndlessSeededStreamStartsWithTheSameOrdersToo() {
        assertThat(firstMessages(-1, 100)).isEqualTo(firstMessages(100, 100));
    }

    @Test
    void ordersTimedByTheClockKeepTheStreamsIdsAndCarryTheMomentTheyAreMade() throws Exception {
        Instant before = Instant.now();
        List<OutgoingMessage> clockTimed = OrderSource.configured("", "11", 2_000, "clock").next(2_000);
        Instant after = Instant.now();
        List<OutgoingMessage> streamed = source(11, 2_000).next(2_000);
        ObjectMapper json = new ObjectMapper();
        int late = 0;
        for (int i = 0; i < clockTimed.size(); i++) {
            JsonNode order = json.readTree(clockTimed.get(i).value());
            Instant orderTs = Instant.parse(order.get("order_ts").asText());
            // the mock's late orders, a tenth of them, by up to 120 s; the message keeps milliseconds
            assertThat(orderTs).isBetween(before.minusSeconds(120).truncatedTo(ChronoUnit.MILLIS), after);
            if (orderTs.isBefore(before.truncatedTo(ChronoUnit.MILLIS))) {
                late++;
            }
            assertThat(order.get("order_id").asText()).isEqualTo(json.readTree(streamed.get(i).value()).get("order_id").asText());
        }
        assertThat(late).isBetween(120, 280);
    }

    private static List<String> firstMessages(long orders, int count) {
        return source(11, orders).next(count).stream().map(SeededStreamTest::text).toList();
    }

    private static OrderSource source(long seed, long orders) {
        return OrderSource.configured("", String.valueOf(seed), orders, "stream");
    }

    private static String text(OutgoingMessage message) {
        return message.key() + " " + new String(message.value(), StandardCharsets.UTF_8);
    }
}
