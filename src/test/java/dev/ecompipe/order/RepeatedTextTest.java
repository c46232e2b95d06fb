package dev.ecompipe.order;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedTextTest {

    private static String of(String text) {
        char[] padded = ("<<" + text + ">>").toCharArray();
        return RepeatedText.of(padded, 2, text.length());
    }

    @Test
    void aValueSeenAgainIsTheStringKeptTheFirstTime() {
        String first = of("Kitchen & Dining");
        assertThat(of("Kitchen & Dining")).isEqualTo("Kitchen & Dining").isSameAs(first);
        assertThat(of("naïve café ☕ 𝄞")).isEqualTo("naïve café ☕ 𝄞").isSameAs(of("naïve café ☕ 𝄞"));
        assertThat(of("")).isEmpty();
    }

    @Test
    void valuesOfOneHashAreToldApartByTheirText() {
        // "Aa" and "BB" share String.hashCode, so they share a slot: each read gives its own text
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(of("Aa")).isEqualTo("Aa");
        assertThat(of("BB")).isEqualTo("BB");
        assertThat(of("Aa")).isEqualTo("Aa");
        assertThat(of("AaBB")).isEqualTo("AaBB");
        assertThat(of("BBAa")).isEqualTo("BBAa");
    }

    @Test
    void aLongValueIsReadButNotKept() {
        String longText = "x".repeat(65);
        String first = of(longText);
        assertThat(first).isEqualTo(longText);
        assertThat(of(longText)).isEqualTo(longText).isNotSameAs(first);
        String longestKept = "y".repeat(64);
        assertThat(of(longestKept)).isSameAs(of(longestKept));
    }
}
