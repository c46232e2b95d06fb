package dev.ecompipe.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
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
        properties.put("loginTimeout", "20");
        // an idle loading session would otherwise expire after four hours and fail the next batch
        properties.put("CLIENT_SESSION_KEEP_ALIVE", "true");
        properties.put("networkTimeout", "120000");
        String authentication;
        if (settings.isSet("snowflake.private-key-file")) {
            Path key = Path.of(settings.get("snowflake.private-key-file"));
            if (!Files.isReadable(key)) {
                throw new ConfigurationException("The private key file " + key + " (snowflake.private-key-file) cannot be read.");
            }
            properties.put("private_key_file", key.toAbsolutePath().toString());
            authentication = "key pair (file)";
        } else if (settings.isSet("snowflake.private-key-base64")) {
            properties.put("private_key_base64", settings.get("snowflake.private-key-base64"));
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
