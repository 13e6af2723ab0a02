package org.pouw.node.ratelimit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rate-limit settings for tests: the defaults with some settings changed, parsed as the node parses them. */
final class RateLimitTestSettings {
    private RateLimitTestSettings() {
    }

    static RateLimitSettings with(Map<String, String> changes) {
        Map<String, String> raw = new LinkedHashMap<>();
        RateLimitSettings.putDefaults(raw);
        Map<String, String> all = new HashMap<>(raw);
        all.putAll(changes);
        return RateLimitSettings.parse(all);
    }
}
