package dev.ecompipe.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.ecompipe.order.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fingerprints stored by earlier versions are compared with new ones, so the hashed text must not change: these
 * values were computed by the first implementation (each field's text through {@code String} and
 * {@link Instant#toString()}), and every way of writing the timestamp is pinned.
 */
class OrderFingerprintTest {

    private static final Order.Customer CUSTOMER = new Order.Customer("C-0007", "Ada Lovelace", "ada@example.com", "EU-WEST");
    private static final List<Order.Line> LINES = List.of(
            new Order.Line(1, "P-0012", "Espresso Grinder", "Kitchen", new BigDecimal("129.90"), 1),
            new Order.Line(2, "P-0013", "Cup", "Kitchen", new BigDecimal("3.00"), 4));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-03-14T09:26:53Z, 6ef4225a4997838ab00b5eea56c507c1",
        "2026-03-14T09:26:00.589Z, 243f3fbe5b2cd2ad9eea3230018939fa",
        "2026-03-14T09:26:53.863630Z, 27ce8fc97aadffaab135578ce73229be",
        "2026-03-14T09:26:53.000000001Z, 82ddb1ad514b9bb40e5922be22c3965f",
        "0999-12-31T23:59:59.100Z, cc95bcbe29a055dd88856e52d06371b1",
        "+12000-01-01T00:00:00Z, d69ce2ca266426bcfde543d017e59bcb",
        "-0001-06-01T12:00:00Z, 098b9e181962b9d5f6f7555f1cdd27da",
    })
    void staysWhatEarlierVersionsStored(String timestamp, String fingerprint) {
        assertThat(OrderFingerprint.of(new Order("ORD-00000042", Instant.parse(timestamp), CUSTOMER, LINES)))
                .isEqualTo(fingerprint);
    }

    @Test
    void linesCountByNumberNotPositionAndAMissingEmailIsNotAnEmptyOne() {
        Order.Customer unicode = new Order.Customer("C-0007", "Zoë 😀", null, "EU-WEST");
        Instant at = Instant.parse("2026-03-14T09:26:53Z");
        Order reordered = new Order("ORD-00000042", at, unicode, List.of(LINES.get(1), LINES.get(0)));
        assertThat(OrderFingerprint.of(reordered)).isEqualTo("d0368d7c9783201893d1b818e6d9565e")
                .isEqualTo(OrderFingerprint.of(new Order("ORD-00000042", at, unicode, LINES)));
        Order emptyEmail = new Order("ORD-00000042", at, new Order.Customer("C-0007", "Zoë 😀", "", "EU-WEST"), LINES);
        assertThat(OrderFingerprint.of(emptyEmail)).isNotEqualTo(OrderFingerprint.of(reordered));
    }
}
