package dev.ecompipe.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early, with the setting's name, when a port the process would listen on is taken. */
public final class Ports {

    private Ports() {
    }

    public static void requireFree(Settings settings, String host, String key) {
        int port = settings.getInt(key);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigurationException("Port " + port + " on " + host + " is already in use; choose another with the setting "
                    + key + " (environment variable " + Settings.environmentName(key) + ").");
        }
    }
}
