package dev.ecompipe.warehouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import dev.ecompipe.config.ConfigurationException;
import dev.ecompipe.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to reach a Snowflake account, from the settings: the JDBC URL and driver properties. Key-pair
 * authentication is the default (Snowflake's MFA rollout blocks single-factor passwords, and service users
 * cannot have one); a password is accepted for legacy users with a warning. Secrets stay in the properties
 * handed to the driver and never appear in {@link #toString()}, logs or messages.
 */
public final class SnowflakeConnection implements WarehouseServer {

    static final String DRIVER = "net.snowflake.client.api.driver.SnowflakeDriver";
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeConnection.class);
    /** A TCP connect to the account; Snowflake answers in well under a second when it can be reached. */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /**
     * How long a statement waits for a lock: longer than a healthy batch holds LOAD_LOCK, far shorter than the
     * minutes Snowflake takes to abort a crashed loader's transaction, so the retry path waits those out.
     */
    static final int LOCK_TIMEOUT_SECONDS = 120;

    private final String account;
    private final String user;
    private final String authentication;
    private final Properties properties;

    private SnowflakeConnection(String account, String user, String authentication, Properties properties) {
        this.account = account;
        this.user = user;
        this.authentication = authentication;
        this.properties = properties;
    }

    public static SnowflakeConnection from(Settings settings) {
        String account = settings.require("snowflake.account");
        if (!account.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigurationException("The setting snowflake.account must be an account identifier such as"
                    + " myorg-myaccount, not a URL or anything with spaces or slashes.");
        }
        Properties properties = new Properties();
        String user = settings.require("snowflake.user");
        properties.put("user", user);
        properties.put("db", settings.require("snowflake.database"));
        properties.put("schema", settings.require("snowflake.schema"));
        putIfSet(properties, "warehouse", settings, "snowflake.warehouse");
        putIfSet(properties, "role", settings, "snowflake.role");
        properties.put("application", "ecommerce-pipeline");
        properties.put("QUERY_TAG", "ecommerce-pipeline");
        // TIMESTAMP_NTZ columns hold UTC; JSON results avoid the Arrow reader's JVM flags on Java 17
        properties.put("TIMEZONE", "UTC");
        properties.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        // a TIMESTAMP_NTZ read back keeps its stored wall clock in the JVM's zone, which Analytics reads as
        // UTC: pinned, because the driver's defaults for these have changed between versions
        properties.put("JDBC_USE_SESSION_TIMEZONE", "false");
        properties.put("JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "false");
        properties.put("CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ", "true");
        // loginTimeout bounds the sign-in's retries; each attempt's TCP connect would otherwise wait the
        // driver's 60 s, so a dead address fails in seconds, not minutes (both in milliseconds)
        properties.put("loginTimeout", "20");
        properties.put("HTTP_CLIENT_CONNECTION_TIMEOUT", Integer.toString(CONNECT_TIMEOUT_MS));
        properties.put("networkTimeout", "120000");
        // an idle loading session would otherwise expire after four hours and fail the next batch
        properties.put("CLIENT_SESSION_KEEP_ALIVE", "true");
        // a crashed loader's open transaction keeps LOAD_LOCK until Snowflake aborts it; waiting the default
        // 12 hours for it would stall the restart, so the wait fails and the batch retries with backoff
        properties.put("LOCK_TIMEOUT", Integer.toString(LOCK_TIMEOUT_SECONDS));
        String authentication;
        if (settings.isSet("snowflake.private-key-file")) {
            Path key = Path.of(settings.get("snowflake.private-key-file"));
            if (!Files.isReadable(key)) {
                throw new ConfigurationException("The private key file " + key + " (snowflake.private-key-file) cannot be read.");
            }
            properties.put("private_key_file", key.toAbsolutePath().toString());
            authentication = "key pair (file)";
        } else if (settings.isSet("snowflake.private-key-base64")) {
            properties.put("private_key_base64", pemInBase64(settings.get("snowflake.private-key-base64")));
            authentication = "key pair";
        } else if (settings.isSet("snowflake.password")) {
            properties.put("password", settings.get("snowflake.password"));
            authentication = "password";
            LOG.warn("Snowflake user {} signs in with a password; Snowflake blocks single-factor passwords for most users,"
                    + " use key-pair authentication (snowflake.private-key-file)", user);
        } else {
            throw new ConfigurationException("Snowflake needs a private key: set snowflake.private-key-file (or"
                    + " snowflake.private-key-base64), or snowflake.password for a legacy user.");
        }
        if (!authentication.equals("password") && settings.isSet("snowflake.private-key-password")) {
            properties.put("private_key_pwd", settings.get("snowflake.private-key-password"));
        }
        return new SnowflakeConnection(account, user, authentication, properties);
    }

    /**
     * The driver decodes the value and reads it as a PEM file, so it must be the base64 of the whole .p8 file,
     * BEGIN and END lines included; the key body alone fails deep in the sign-in with a message about JWT.
     */
    private static String pemInBase64(String value) {
        String compact = value.replaceAll("\\s", "");
        String pem;
        try {
            pem = new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            pem = "";
        }
        if (!pem.contains("-----BEGIN") || !pem.contains("PRIVATE KEY-----")) {
            throw new ConfigurationException("SNOWFLAKE_PRIVATE_KEY_BASE64 (snowflake.private-key-base64) must be the"
                    + " base64 of the whole .p8 file with its BEGIN and END lines, as made by: base64 -w0 rsa_key.p8");
        }
        return compact;
    }

    private static void putIfSet(Properties properties, String name, Settings settings, String key) {
        if (settings.isSet(key)) {
            properties.put(name, settings.get(key));
        }
    }

    public String url() {
        return "jdbc:snowflake://" + account + ".snowflakecomputing.com/";
    }

    public String account() {
        return account;
    }

    @Override
    public Dialect dialect() {
        return new SnowflakeDialect();
    }

    @Override
    public HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("snowflake");
        config.setDriverClassName(DRIVER);
        config.setJdbcUrl(url());
        config.setDataSourceProperties(properties());
        // the loader, a report or health check, and the lag poll
        config.setMaximumPoolSize(3);
        config.setConnectionTimeout(30_000);
        return config;
    }

    @Override
    public void checkSchemaSettings(Connection connection) throws SQLException, WarehouseException {
        SnowflakeCollation.requireCodePointOrder(connection);
    }

    @Override
    public WarehouseException describe(Throwable failure) {
        return SnowflakeErrors.describe(failure, this);
    }

    /** The driver properties, secrets included: hand them to the driver only. */
    Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    @Override
    public String toString() {
        return "Snowflake account " + account + " as " + user + " (" + authentication + ")";
    }
}
