package dev.ecompipe.warehouse;

import java.util.Locale;

/** Turns a Snowflake driver failure into one sentence that says what to fix; never includes a secret. */
final class SnowflakeErrors {

    private SnowflakeErrors() {
    }

    static WarehouseException describe(Throwable failure, SnowflakeConnection account) {
        String chain = chainText(failure).toLowerCase(Locale.ROOT);
        String sentence;
        if (chain.contains("unknownhost") || chain.contains("connect timed out") || chain.contains("connection refused")
                || chain.contains("no route to host") || chain.contains("name or service not known")
                || chain.contains("could not resolve") || chain.contains("jdbc driver encountered communication error")) {
            sentence = "Snowflake account " + account.account() + " cannot be reached: check snowflake.account (an"
                    + " identifier such as myorg-myaccount) and the network path to snowflakecomputing.com.";
        } else if (chain.contains("jwt token is invalid") || chain.contains("private key") || chain.contains("privatekey")
                || chain.contains("invalid key") || chain.contains("decrypt")) {
            sentence = "Snowflake rejected the key pair of " + account + ": check snowflake.private-key-file or"
                    + " snowflake.private-key-base64, snowflake.private-key-password, and the public key set on the user.";
        } else if (chain.contains("incorrect username or password") || chain.contains("authentication")) {
            sentence = "Snowflake did not accept the sign-in for " + account + ": check snowflake.user and its credentials.";
        } else if (chain.contains("does not exist or not authorized") || chain.contains("insufficient privileges")) {
            sentence = "The Snowflake role lacks a privilege or an object is missing (" + firstLine(failure) + "): see"
                    + " sql/snowflake/grants.sql, and check snowflake.role, snowflake.warehouse, snowflake.database and"
                    + " snowflake.schema.";
        } else {
            sentence = "Snowflake failed for " + account + ": " + firstLine(failure);
        }
        return new WarehouseException(sentence, failure);
    }

    private static String chainText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 10_000; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static String firstLine(Throwable failure) {
        return DuckDbWarehouse.firstLine(failure);
    }
}
