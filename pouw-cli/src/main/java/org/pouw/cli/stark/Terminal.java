package org.pouw.cli.stark;

import java.io.Console;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether stdout goes to a person at a terminal, where a progress bar may be redrawn in place. The same rule as
 * {@code org.pouw.cli.ml.Terminal}, which is package-private to {@code pouw ml}; once it moves to a shared package
 * this class should go.
 */
final class Terminal {
    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    static boolean isInteractive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        // JDK 22+ returns a Console even when stdout is piped; Console.isTerminal() (new in 22) tells the two apart.
        // We compile for Java 21, so the method is looked up; on 21 it is absent and a console means a terminal.
        try {
            MethodHandle isTerminal = MethodHandles.publicLookup()
                    .findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class));
            return (boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The width shells export as COLUMNS, else 80: the JDK has no call for it. */
    static int columns() {
        String value = System.getenv("COLUMNS");
        if (value != null && value.matches("\\d{2,4}")) {
            return Integer.parseInt(value);
        }
        return DEFAULT_COLUMNS;
    }
}
