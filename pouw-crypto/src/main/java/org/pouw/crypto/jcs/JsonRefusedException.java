package org.pouw.crypto.jcs;

/**
 * Input the strict parser will not read, or a tree that lacks a member the format needs. It names the place: the
 * character offset in the input (−1 when the tree, not the text, is at fault) and the path, such as
 * {@code $.proof.domain}, so a client sees what to fix.
 */
public final class JsonRefusedException extends RuntimeException {
    private final int offset;
    private final String path;

    public JsonRefusedException(String reason, int offset, String path) {
        super(offset >= 0 ? reason + " at " + path + " (offset " + offset + ")" : reason + " at " + path);
        this.offset = offset;
        this.path = path;
    }

    /**
     * The same refusal for a member read from a nested object: {@code $.domain} found in the object at
     * {@code $.proof} becomes {@code $.proof.domain}.
     */
    public JsonRefusedException under(String parentPath) {
        String reason = getMessage().substring(0, getMessage().lastIndexOf(" at " + path));
        return new JsonRefusedException(reason, offset, parentPath + path.substring(1));
    }

    public int offset() {
        return offset;
    }

    public String path() {
        return path;
    }
}
