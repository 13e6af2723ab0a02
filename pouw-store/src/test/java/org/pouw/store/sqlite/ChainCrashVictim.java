package org.pouw.store.sqlite;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.port.ChainStore;
import org.pouw.core.port.Storage;
import org.pouw.store.ChainStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.support.MinedChain;

/**
 * The process {@link ChainCrashIT} kills: a node on an SQLite file that restores itself from the store, then imports
 * the blocks of a file one by one, printing "imported HEIGHT" after each import (and its database transaction) has
 * returned. Not a test itself.
 */
public final class ChainCrashVictim {
    private ChainCrashVictim() {
    }

    public static void main(String[] args) throws IOException {
        Storage storage = StorageFactory.open(StorageConfig.sqlite(Path.of(args[0])));
        ChainStore store = ChainStores.on(storage);
        BlockImporter node = MinedChain.restore(MinedChain.genesis(2), store);
        System.out.println("ready at " + node.tip().height());
        try (DataInputStream blocks = new DataInputStream(Files.newInputStream(Path.of(args[1])))) {
            while (blocks.available() > 0) {
                byte[] encoded = new byte[blocks.readInt()];
                blocks.readFully(encoded);
                ImportResult result = node.importBytes(encoded);
                if (result.status() != ImportStatus.ACCEPTED && result.status() != ImportStatus.ALREADY_KNOWN) {
                    throw new IllegalStateException("the victim could not import: " + result);
                }
                System.out.println("imported " + node.tip().height());
                System.out.flush();
            }
        }
        System.out.println("done");
        System.out.flush();
    }
}
