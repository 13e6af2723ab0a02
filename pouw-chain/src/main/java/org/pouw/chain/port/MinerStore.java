package org.pouw.chain.port;

import java.util.List;

/**
 * What a miner keeps across a restart (docs/chain.md §11 "Crash recovery"): named records the miner writes as it signs
 * blocks and deletes as their audits close. {@code pouw mine} keeps them as files in a folder it owns (pouw-cli's
 * {@code MinerFolder}: each written whole, to a temporary file that is synced and renamed, so a kill leaves the old
 * record or the new one, never half of one); tests keep them in memory ({@link InMemoryMinerStore}). The records carry their own checksum, so a store need not vouch for their bytes.
 */
public interface MinerStore {
    /** Writes {@code bytes} under {@code name}, replacing any record of that name; durable when it returns. */
    void put(String name, byte[] bytes);

    /** Deletes the record {@code name}; one that is not there is no error. */
    void remove(String name);

    /** The names of every record kept, in no particular order. */
    List<String> names();

    /**
     * The bytes of the record {@code name}.
     *
     * @throws java.io.UncheckedIOException when it can not be read
     */
    byte[] read(String name);

    /** Where the record {@code name} lives, for an error that must name it (a file's path). */
    String where(String name);
}
