package dev.ecompipe;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ecompipe.config.Setting;
import dev.ecompipe.config.Settings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's settings table and command list say what the settings' declaration ({@link Setting}) and the
 * commands really are; application.properties leaves the pipeline's settings to that declaration.
 */
class ReadmeTest {

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private final String readme = read(Path.of("README.md"));
    private final Properties application = properties();

    @Test
    void everyDeclaredSettingIsInTheTableWithItsDeclaredDefault() {
        Map<String, String> documented = settingsTable();
        for (Setting setting : Setting.values()) {
            String key = setting.key();
            if (key.startsWith("snowflake.")) {
                // documented by environment name in "Running against Snowflake"
                assertThat(readme).as("README names %s", Settings.environmentName(key)).contains("`" + Settings.environmentName(key) + "`");
                continue;
            }
            assertThat(documented).as("the settings table has a row for %s", key).containsKey(key);
            String documentedDefault = documented.get(key);
            if (documentedDefault.equals("empty")) {
                assertThat(setting.defaultValue()).as("the default of %s", key).isEmpty();
            } else if (documentedDefault.startsWith("`")) {
                assertThat("`" + setting.defaultValue() + "`").as("the default of %s", key).isEqualTo(documentedDefault);
            }
        }
        assertThat(documented.keySet()).as("every row of the table names a declared setting")
                .allMatch(key -> Setting.of(key).isPresent());
    }

    @Test
    void applicationPropertiesHoldsOnlyCamelsOwnSettingsSoEachDefaultHasOneHome() {
        assertThat(application.stringPropertyNames()).isNotEmpty()
                .allMatch(key -> key.startsWith("camel."), "is one of camel-main's settings");
    }

    @Test
    void everyOptionOfEveryCommandIsInTheCommandList() {
        CommandSpec pipeline = new CommandLine(new Pipeline()).getCommandSpec();
        for (Map.Entry<String, CommandLine> command : pipeline.subcommands().entrySet()) {
            Matcher row = Pattern.compile("(?m)^\\| `" + Pattern.quote(command.getKey()) + "` \\|(.*)$").matcher(readme);
            assertThat(row.find()).as("the command list has a row for %s", command.getKey()).isTrue();
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                assertThat(row.group(1)).as("the row of %s names %s", command.getKey(), option.longestName())
                        .contains("`" + option.longestName());
            }
        }
    }

    /** Each key of the Configuration section's table with its default cell; "a / b" rows give one entry per key. */
    private Map<String, String> settingsTable() {
        String section = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("### Pointing it at a real Kafka cluster"));
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split(" \\| ");
            List<String> keys = new ArrayList<>();
            Matcher key = CODE.matcher(cells[0].replaceAll("\\(`[A-Z0-9_]+`\\)", ""));
            while (key.find()) {
                keys.add(key.group(1));
            }
            String[] values = cells[1].split(" / ");
            for (int i = 0; i < keys.size(); i++) {
                defaults.put(keys.get(i), values.length == keys.size() ? values[i].strip() : cells[1].strip());
            }
        }
        return defaults;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
