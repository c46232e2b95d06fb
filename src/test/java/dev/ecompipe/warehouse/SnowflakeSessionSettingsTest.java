package dev.ecompipe.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session a Snowflake loader opens: what it waits for, how long, and how its key is given. */
class SnowflakeSessionSettingsTest {

    /** Snowflake aborts a crashed session's open transaction after it has blocked someone and idled about 5 minutes. */
    private static final int ORPHAN_ABORT_SECONDS = 300;

    static Settings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("snowflake.account", "myorg-myaccount", "snowflake.user", "LOADER",
                "snowflake.database", "E_COMMERCE", "snowflake.schema", "E_COMMERCE", "snowflake.role", "ECOMMERCE_LOADER"));
        all.putAll(values);
        return Settings.of(all);
    }

    /** A freshly made key as `openssl genpkey` writes it to rsa_key.p8: PEM text with its BEGIN and END lines. */
    static String p8File() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static Properties sessionOf(Settings settings) {
        return SnowflakeConnection.from(settings).properties();
    }

    private static Properties passwordSession() {
        return sessionOf(settings(Map.of("snowflake.password", "x")));
    }

    @Test
    void aLockWaitEndsLongBeforeSnowflakeAbortsACrashedLoadersTransaction() {
        int lockTimeout = Integer.parseInt(passwordSession().getProperty("LOCK_TIMEOUT"));
        assertThat(lockTimeout).isPositive().isLessThan(ORPHAN_ABORT_SECONDS);
    }

    @Test
    void aDeadAddressFailsInSecondsNotTheDriversMinutePerAttempt() {
        Properties session = passwordSession();
        assertThat(Integer.parseInt(session.getProperty("HTTP_CLIENT_CONNECTION_TIMEOUT"))).isBetween(1_000, 10_000);
        assertThat(Integer.parseInt(session.getProperty("loginTimeout"))).isBetween(5, 30);
    }

    @Test
    void idleSessionsAreKeptAliveSoTheLoadersSessionDoesNotExpire() {
        assertThat(passwordSession()).containsEntry("CLIENT_SESSION_KEEP_ALIVE", "true");
    }

    @Test
    void timestampsAreReadBackAsTheStoredWallClockWhicheverDriverDefaultsApply() {
        assertThat(passwordSession()).containsEntry("TIMEZONE", "UTC").containsEntry("JDBC_USE_SESSION_TIMEZONE", "false")
                .containsEntry("JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "false")
                .containsEntry("CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ", "true");
    }

    @Test
    void aBase64KeyIsTheWholeP8FileWithItsBeginAndEndLines() throws Exception {
        String p8 = p8File();
        String whole = Base64.getEncoder().encodeToString(p8.getBytes(StandardCharsets.US_ASCII));
        assertThat(sessionOf(settings(Map.of("snowflake.private-key-base64", whole))))
                .containsEntry("private_key_base64", whole);

        // the key body alone (the PEM without its header lines), and something that is not base64 at all
        String bodyOnly = p8.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        for (String wrong : new String[] {bodyOnly, "not base64 %%"}) {
            assertThatThrownBy(() -> SnowflakeConnection.from(settings(Map.of("snowflake.private-key-base64", wrong))))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("SNOWFLAKE_PRIVATE_KEY_BASE64")
                    .hasMessageContaining("base64 -w0 rsa_key.p8")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(bodyOnly.substring(0, 40)));
        }
    }
}
