package org.pouw.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.core.PouwException;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.NodeConfig;

/**
 * Where a node keeps its chain's genesis: {@value #FILE_NAME} in the data folder, written by {@code pouw chain init}
 * and read by the node at start and by {@code pouw chain status|verify} — one place, so they can not disagree.
 */
public final class ChainGenesisFile {
    public static final String FILE_NAME = "chain-genesis.txt";

    private ChainGenesisFile() {
    }

    public static Path path(NodeConfig config) {
        return config.dataDir().resolve(FILE_NAME);
    }

    /**
     * The data folder's genesis, parsed strictly.
     *
     * @throws ConfigException naming the file when it is missing or does not parse
     */
    public static ChainGenesis read(NodeConfig config) {
        Path file = path(config);
        if (!Files.exists(file)) {
            throw new ConfigException("no chain genesis at " + file + "; run 'pouw chain init' first (or set"
                    + " chain.enabled = false)");
        }
        try {
            return GenesisFile.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (PouwException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chain genesis " + file, e);
        }
    }
}
