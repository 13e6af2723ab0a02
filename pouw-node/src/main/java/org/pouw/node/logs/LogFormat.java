package org.pouw.node.logs;

/** How the node writes its log lines: {@code text} for people at a terminal, {@code json} for log collectors. */
public enum LogFormat {
    TEXT,
    JSON
}
