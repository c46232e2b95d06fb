package dev.ecompipe.config;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

/**
 * The declared defaults ({@link Setting}) as Camel's properties of last resort, so that {@code {{ingest.batch-size}}}
 * resolves in any camel-main, a test's included, without repeating the default. Camel finds it through
 * META-INF/services/org/apache/camel/properties-source-factory; application.properties and the settings the
 * pipeline passes as override properties come before it. Secrets are never Camel properties.
 */
public final class DeclaredDefaults implements PropertiesSource, Ordered {

    @Override
    public String getName() {
        return "declared-defaults";
    }

    @Override
    public String getProperty(String name) {
        return Setting.of(name).filter(setting -> !setting.secret()).map(Setting::defaultValue).orElse(null);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }
}
