package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.gate.partner.PartnerKey;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerKeysContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.SqliteTestDatabase;

/** {@code SqlPartnerKeys} on a real SQLite file, under pouw-gate's contract. */
class SqlitePartnerKeysTest extends PartnerKeysContract {
    @TempDir
    Path folder;

    private final OpenStorages storages = new OpenStorages();

    @Override
    protected PartnerKeys newPartnerKeys() {
        return GateStores.partnerKeys(storages.open(() -> new SqliteTestDatabase(folder)));
    }

    @AfterEach
    void close() {
        storages.close();
    }

    /** A18: a stolen file yields the prefix and the SHA-256, never the key. */
    @Test
    void theFileHoldsThePrefixAndTheHashButNotTheKey() throws Exception {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey key = PartnerKey.generate(new SplittableRandom(3));
        keys.add("acme", key.prefix(), key.hash());
        storages.close();
        byte[] file = java.nio.file.Files.readAllBytes(folder.resolve(SqliteStorage.FILE_NAME));
        String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        String secret = key.reveal().substring(key.reveal().lastIndexOf('_') + 1);
        assertThat(text).contains(HexFormat.of().formatHex(key.hash())).contains(key.prefix())
                .doesNotContain(secret);
    }

    @Test
    void aHashOfTheWrongLengthOrAnEmptyPartnerIsRefusedByName() {
        PartnerKeys keys = newPartnerKeys();
        assertThatThrownBy(() -> keys.add("acme", "0123456789ab", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key_hash");
        assertThatThrownBy(() -> keys.add("", "0123456789ab", new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partner_id");
        assertThat(keys.byPrefix("0123456789ab")).isEmpty();
    }
}
