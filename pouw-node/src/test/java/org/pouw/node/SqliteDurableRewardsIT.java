package org.pouw.node;

import java.util.Map;

/** {@link DurableRewardsContract} on a real SQLite file (the node's default storage). */
class SqliteDurableRewardsIT extends DurableRewardsContract {
    @Override
    Map<String, String> storage() {
        return Map.of("storage.backend", "sqlite");
    }
}
