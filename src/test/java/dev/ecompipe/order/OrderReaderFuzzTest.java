package dev.ecompipe.order;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;

import dev.ecompipe.TestOrders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random bytes and random mutations of valid orders: the reader either returns an order that keeps every
 * rule of the contract or rejects the input with a reason; it never throws anything else.
 */
class OrderReaderFuzzTest {

    private static final int CASES = 20_000;
    private final OrderReader reader = new OrderReader(Clock.systemUTC());

    @Test
    void randomBytesAreRejectedWithAReason() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[0] = '{';
            }
            check(bytes, seed);
        }
    }

    @Test
    void mutatedOrdersAreEitherValidOrRejectedWithAReason() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[][] originals = TestOrders.generate(seed, 50).stream().map(OrderJson::write).toArray(byte[][]::new);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] mutated = mutate(originals[random.nextInt(originals.length)], random);
            if (check(mutated, seed)) {
                accepted++;
            }
        }
        assertThat(accepted).as("some mutations keep an order valid").isPositive();
        assertThat(accepted).as("most mutations break it").isLessThan(CASES);
    }

    private boolean check(byte[] input, long seed) {
        Order order;
        try {
            order = reader.read(input);
        } catch (InvalidOrderException e) {
            assertThat(e.getMessage()).as("seed " + seed).isNotBlank().endsWith(".").doesNotContain("Exception");
            return false;
        } catch (RuntimeException e) {
            fail("seed " + seed + ": " + new String(input, StandardCharsets.UTF_8) + " threw " + e, e);
            return false;
        }
        assertKeepsTheRules(order);
        try {
            assertThat(reader.read(OrderJson.write(order))).as("seed " + seed + ": written and read again").isEqualTo(order);
        } catch (InvalidOrderException e) {
            fail("seed " + seed + ": a valid order did not survive a round trip: " + e.getMessage());
        }
        return true;
    }

    private static void assertKeepsTheRules(Order order) {
        assertThat(order.orderId()).isNotEmpty().hasSizeLessThanOrEqualTo(64 * 2);
        assertThat(order.customer().customerId()).isNotEmpty();
        assertThat(order.customer().name()).isNotEmpty();
        assertThat(order.customer().region()).isNotEmpty();
        assertThat(order.lines()).hasSizeBetween(1, 1000);
        assertThat(order.lines()).extracting(Order.Line::lineNumber).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= 1000);
        for (Order.Line line : order.lines()) {
            assertThat(line.quantity()).isBetween(1, 100_000);
            assertThat(line.unitPrice().scale()).isEqualTo(2);
            assertThat(line.unitPrice()).isGreaterThanOrEqualTo(BigDecimal.ZERO).isLessThan(new BigDecimal("10000000"));
            assertThat(line.productId()).isNotEmpty();
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = Arrays.copyOf(original, original.length);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) "0123456789-.eE\"{}[],: ".charAt(random.nextInt(22));
                case 2 -> bytes = Arrays.copyOf(bytes, Math.max(1, at));
                case 3 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(20));
                    byte[] shorter = new byte[bytes.length - length];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + length, shorter, at, bytes.length - at - length);
                    bytes = shorter.length == 0 ? new byte[] {'{'} : shorter;
                }
                case 4 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(30));
                    byte[] longer = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, longer, 0, at + length);
                    System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    String[] swaps = {"1", "0", "-1", "1.005", "99999999999", "\"x\"", "null", "true", "[]", "{}", "\"\""};
                    bytes = text.replaceFirst(":\\s*[^,{}\\[\\]]+", ": " + swaps[random.nextInt(swaps.length)])
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        return bytes;
    }
}
