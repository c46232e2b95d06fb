package dev.ecompipe.config;

/**
 * Checks every setting against its declaration ({@link Setting}) before anything starts, so a wrong value
 * stops the start with one sentence naming it instead of a stack trace later.
 */
public final class SettingsCheck {

    private SettingsCheck() {
    }

    public static void check(Settings settings) {
        for (Setting setting : Setting.values()) {
            setting.check(settings);
        }
    }
}
