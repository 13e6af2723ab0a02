package org.pouw.node.config;

/**
 * Who proves the node's jobs (ARCHITECTURE.md §2): nobody queues them ({@code disabled}, proven inline while the
 * intent executes), the node's own worker pool ({@code local}), or external workers ({@code remote}).
 */
public enum PouwMode {
    DISABLED, LOCAL, REMOTE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
