package dev.ecompipe.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's settings, layered from weakest to strongest: the declared defaults ({@link Setting}), the
 * packaged application.properties (camel-main's own settings), an application.properties in the working directory, a .env file, environment variables and finally
 * command-line options. A property {@code kafka.bootstrap.servers} is overridden by the environment
 * variable {@code KAFKA_BOOTSTRAP_SERVERS} (upper case, every non-alphanumeric character an underscore),
 * which gives the seed's variable names without a mapping table.
 */
public final class Settings {

    /** Read by the logging set-up (logback.xml), not by the settings, and so allowed in .env too. */
    public static final Set<String> LOGGING_VARIABLES = Set.of("LOG_LEVEL", "CAMEL_LOG_LEVEL", "KAFKA_LOG_LEVEL",
            "LOG_CONSOLE", "LOG_DIR");

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings load(Path workingDirectory, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = defaults();
        Path localProperties = workingDirectory.resolve("application.properties");
        if (Files.isRegularFile(localProperties)) {
            putAll(values, readProperties(localProperties));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Path dotEnv = workingDirectory.resolve(".env");
        if (Files.isRegularFile(dotEnv)) {
            variables.putAll(DotEnv.read(dotEnv));
            warnAboutUnknownNames(variables.keySet(), values.keySet());
        }
        variables.putAll(environment);
        for (String key : new TreeSet<>(values.keySet())) {
            String fromEnvironment = variables.get(environmentName(key));
            if (fromEnvironment != null) {
                values.put(key, fromEnvironment);
            }
        }
        values.putAll(overrides);
        return new Settings(values);
    }

    private static void warnAboutUnknownNames(Set<String> dotEnvNames, Set<String> keys) {
        Set<String> known = new TreeSet<>(LOGGING_VARIABLES);
        keys.forEach(key -> known.add(environmentName(key)));
        dotEnvNames.forEach(name -> DotEnvSpelling.warning(name, known).ifPresent(LOG::warn));
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> all = defaults();
        all.putAll(values);
        return new Settings(all);
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String get(String key) {
        return values.getOrDefault(key, "").trim();
    }

    public boolean isSet(String key) {
        return !get(key).isEmpty();
    }

    public String require(String key) {
        String value = get(key);
        if (value.isEmpty()) {
            throw new ConfigurationException("The setting " + key + " (environment variable "
                    + environmentName(key) + ") must be set.");
        }
        return value;
    }

    /** A whole-number setting, within the range its declaration ({@link Setting}) allows. */
    public int getInt(String key) {
        Setting setting = declared(key);
        return (int) getLong(key, Math.max(Integer.MIN_VALUE, setting.min()), Math.min(Integer.MAX_VALUE, setting.max()));
    }

    /** A whole-number setting, within the range its declaration ({@link Setting}) allows. */
    public long getLong(String key) {
        Setting setting = declared(key);
        return getLong(key, setting.min(), setting.max());
    }

    private static Setting declared(String key) {
        return Setting.of(key).orElseThrow(() -> new IllegalArgumentException(key + " is not a declared setting"));
    }

    /** Within the given range: only for {@link Setting}, which reads the declared range itself. */
    long getLong(String key, long min, long max) {
        String raw = require(key);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("The setting " + key + " must be a whole number, not '" + raw + "'.");
        }
        if (value < min || value > max) {
            String range = max == Long.MAX_VALUE ? min + " or more" : "between " + min + " and " + max;
            throw new ConfigurationException("The setting " + key + " must be " + range + ", not " + value + ".");
        }
        return value;
    }

    public boolean getBoolean(String key) {
        String raw = require(key).toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigurationException("The setting " + key + " must be true or false, not '" + raw + "'.");
        };
    }

    /**
     * Everything but secrets as properties, for camel-main's property placeholders: Camel logs the
     * properties it is given, and no route needs a password or a key.
     */
    public Properties asCamelProperties() {
        Properties properties = new Properties();
        values.forEach((key, value) -> {
            if (!isSecret(key)) {
                properties.setProperty(key, value);
            }
        });
        return properties;
    }

    /** A declared setting is a secret if its declaration says so; any other key (Camel's own) by its name. */
    public static boolean isSecret(String key) {
        Optional<Setting> declared = Setting.of(key);
        if (declared.isPresent()) {
            return declared.get().secret();
        }
        String name = key.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("private-key") || name.contains("secret")
                || name.contains("token") || name.contains("passphrase");
    }

    private static Map<String, String> defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            values.put(setting.key(), setting.defaultValue());
        }
        putAll(values, readClasspathProperties());
        return values;
    }

    private static void putAll(Map<String, String> target, Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            target.put(name, properties.getProperty(name));
        }
    }

    private static Properties readClasspathProperties() {
        Properties properties = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ConfigurationException("The packaged application.properties cannot be read: " + e.getMessage());
        }
        return properties;
    }

    private static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("The file " + file + " cannot be read: " + e.getMessage());
        }
        return properties;
    }
}
