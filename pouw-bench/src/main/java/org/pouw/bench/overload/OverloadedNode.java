package org.pouw.bench.overload;

import java.util.HashMap;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;

/**
 * The node under {@link OverloadBenchmark}'s load, in a JVM of its own so that its resident memory is its own:
 * started with the heap bound the {@code pouw} launcher gives a node. Arguments are {@code name=value} settings;
 * prints {@code PORT <n>} once it listens, and runs until its standard input closes.
 */
public final class OverloadedNode {
    private OverloadedNode() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            settings.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        try (PouwNode node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system())) {
            System.out.println("PORT " + node.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the benchmark to close our input: its way of saying stop
            }
        }
        System.exit(0);
    }
}
