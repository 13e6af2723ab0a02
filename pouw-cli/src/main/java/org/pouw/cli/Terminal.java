package org.pouw.cli;

import java.io.Console;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Whether output goes to a person at a terminal, where a progress bar may be redrawn in place. */
public final class Terminal {
    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        // JDK 22+ returns a Console even when output is piped; Console.isTerminal() (new in 22) tells the two
        // apart. We compile for Java 21, so the method is looked up; on 21 it is absent and a non-null console
        // already means a terminal.
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

    /** The width shells export as COLUMNS, else 80 — the JDK has no call for it. */
    public static int columns() {
        String value = System.getenv("COLUMNS");
        if (value != null && value.matches("\\d{2,4}")) {
            return Integer.parseInt(value);
        }
        return DEFAULT_COLUMNS;
    }
}
