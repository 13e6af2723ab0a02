package org.pouw.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --limit} and {@code --cursor} of a verb that lists the caller's own things newest first, a page at a time
 * ({@code pouw intent list}, {@code pouw ml sweep list}), and how such a page is printed.
 */
public final class CursorPageOptions {
    @Option(names = "--limit", defaultValue = "20", description = "how many (1-100, default ${DEFAULT-VALUE})")
    public int limit;

    @Option(names = "--cursor", description = "the next page: the cursor the previous page printed")
    public String cursor;

    /** The page's lines, "no <things>" for none, and the cursor of the next page when there is one. */
    public static String lines(List<String> rows, String things, Optional<String> nextCursor) {
        StringBuilder out = new StringBuilder(rows.isEmpty() ? "no " + things : String.join("\n", rows));
        nextCursor.ifPresent(next -> out.append("\nmore: --cursor ").append(next));
        return out.toString();
    }
}
