package org.pouw.node.http;

import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;

/**
 * Reads where a duplicate key is from the parser's failure under {@code STRICT_DUPLICATE_DETECTION}: the parser
 * stops on the second occurrence, so its context chain is the path to it, written the way other errors name nested
 * fields ({@code submissions[1].job_id}).
 */
final class DuplicateKey {
    /** Jackson's wording for the failure; a test pins it, so an upgrade that changes it fails loudly. */
    private static final String JACKSON_MESSAGE = "Duplicate Object property ";

    private DuplicateKey() {
    }

    /** The path of the repeated key, or null when the failure is not a duplicate key. */
    static String path(StreamReadException e) {
        if (e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith(JACKSON_MESSAGE)
                || !(e.processor() instanceof JsonParser parser)) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext c = parser.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.currentName() != null) {
                parts.push(c.currentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (!path.isEmpty() && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    /** The repeated name as Jackson quoted it. */
    static String quotedName(StreamReadException e) {
        return e.getOriginalMessage().substring(JACKSON_MESSAGE.length());
    }
}
