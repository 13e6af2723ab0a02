package org.pouw.ml;

/** A task, architecture or hyperparameter that cannot be trained; the message names the setting and its value. */
public final class InvalidSpecException extends MlException {
    public InvalidSpecException(String message) {
        super(message);
    }

    /** Fails fast with {@code "<name> must be <rule>, got <value>"} unless {@code ok}. */
    public static void require(boolean ok, String name, String rule, Object value) {
        if (!ok) {
            throw new InvalidSpecException(name + " must be " + rule + ", got " + value);
        }
    }
}
