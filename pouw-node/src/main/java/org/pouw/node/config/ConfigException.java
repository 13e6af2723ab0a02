package org.pouw.node.config;

/** A setting is missing, unknown or out of range; the message names it. The node refuses to start. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
