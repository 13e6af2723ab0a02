package org.pouw.chain.port;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MinerStore} in memory: for tests, where a second {@code ChainMiner} over the same store stands for a miner
 * restarted on the same folder.
 */
public final class InMemoryMinerStore implements MinerStore {
    private final Map<String, byte[]> records = new ConcurrentHashMap<>();

    @Override
    public void put(String name, byte[] bytes) {
        records.put(name, bytes.clone());
    }

    @Override
    public void remove(String name) {
        records.remove(name);
    }

    @Override
    public List<String> names() {
        return List.copyOf(records.keySet());
    }

    @Override
    public byte[] read(String name) {
        byte[] bytes = records.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("no kept record " + name);
        }
        return bytes.clone();
    }

    @Override
    public String where(String name) {
        return "kept record " + name;
    }
}
