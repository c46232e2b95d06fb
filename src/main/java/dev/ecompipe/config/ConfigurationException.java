package dev.ecompipe.config;

/** A setting that is missing or wrong; its message is one sentence naming the setting. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
