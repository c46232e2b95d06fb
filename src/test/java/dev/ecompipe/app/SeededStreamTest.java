package dev.ecompipe.app;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ecompipe.producer.OrderSource;
import dev.ecompipe.producer.OutgoingMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --orders N --seed S}: order k of seed S is the same whatever N is. */
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

    private static List<String> firstMessages(long orders, int count) {
        return source(11, orders).next(count).stream().map(SeededStreamTest::text).toList();
    }

    private static OrderSource source(long seed, long orders) {
        return OrderSource.configured("", String.valueOf(seed), orders);
    }

    private static String text(OutgoingMessage message) {
        return message.key() + " " + new String(message.value(), StandardCharsets.UTF_8);
    }
}
