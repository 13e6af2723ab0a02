package org.pouw.store.jdbc;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pouw.crypto.Hex;
import org.pouw.p2p.peers.AddressRecord;
import org.pouw.p2p.peers.Ban;
import org.pouw.p2p.peers.KnownAddress;
import org.pouw.p2p.peers.PeerBook;

/**
 * pouw-p2p's {@link PeerBook} in the node's database (SQLite or PostgreSQL, the same SQL; migration V8): bans, known
 * addresses, the address manager's entries and key, and the anchors outlive a restart. Instants are stored as epoch
 * milliseconds (a ban's end loses its sub-millisecond part, which no decision depends on). Lists are sorted here,
 * not by SQL, so a PostgreSQL collation cannot order them otherwise than the contract says.
 */
public final class SqlPeerBook implements PeerBook {
    private static final String SAVE_BAN = "INSERT INTO p2p_bans (subject, until_ms, reason) VALUES (?, ?, ?) "
            + "ON CONFLICT (subject) DO UPDATE SET until_ms = excluded.until_ms, reason = excluded.reason";
    private static final String SAVE_ADDRESS = "INSERT INTO p2p_known_addresses (host, port, peer_id, last_seen_ms) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (host, port) DO UPDATE SET peer_id = excluded.peer_id, "
            + "last_seen_ms = excluded.last_seen_ms";
    private static final String SAVE_ENTRY = "INSERT INTO p2p_address_table (host, port, peer_id, source_group, "
            + "tried, last_seen_ms, last_try_ms, last_success_ms, attempts, signed_at, signature) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (host, port) DO UPDATE SET "
            + "peer_id = excluded.peer_id, source_group = excluded.source_group, tried = excluded.tried, "
            + "last_seen_ms = excluded.last_seen_ms, last_try_ms = excluded.last_try_ms, "
            + "last_success_ms = excluded.last_success_ms, attempts = excluded.attempts, "
            + "signed_at = excluded.signed_at, signature = excluded.signature";
    private static final String ENTRIES = "SELECT host, port, peer_id, source_group, tried, last_seen_ms, last_try_ms, "
            + "last_success_ms, attempts, signed_at, signature FROM p2p_address_table";

    private final SqlTransactions database;

    public SqlPeerBook(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public void saveBan(Ban ban) {
        database.writeSql(sql -> sql.update(SAVE_BAN, ban.subject(), ban.until().toEpochMilli(), ban.reason()));
    }

    @Override
    public void removeBan(String subject) {
        database.writeSql(sql -> sql.update("DELETE FROM p2p_bans WHERE subject = ?", subject));
    }

    @Override
    public List<Ban> bans() {
        return database.readSql(sql -> sql.list("SELECT subject, until_ms, reason FROM p2p_bans",
                row -> new Ban(row.getString(1), Instant.ofEpochMilli(row.getLong(2)), row.getString(3))))
                .stream().sorted(Comparator.comparing(Ban::subject)).toList();
    }

    @Override
    public void saveAddress(KnownAddress address) {
        database.writeSql(sql -> sql.update(SAVE_ADDRESS, address.host(), address.port(), address.peerId(),
                address.lastSeen().toEpochMilli()));
    }

    @Override
    public List<KnownAddress> addresses() {
        return database.readSql(sql -> sql.list("SELECT host, port, peer_id, last_seen_ms FROM p2p_known_addresses",
                row -> new KnownAddress(row.getString(1), row.getInt(2), row.getString(3),
                        Instant.ofEpochMilli(row.getLong(4))))).stream()
                .sorted(Comparator.comparing(KnownAddress::host).thenComparingInt(KnownAddress::port)).toList();
    }

    @Override
    public Optional<byte[]> bucketKey() {
        return database.readSql(sql -> sql.first("SELECT key_hex FROM p2p_bucket_key WHERE id = 1",
                row -> Hex.decode(row.getString(1))));
    }

    @Override
    public void saveBucketKey(byte[] key) {
        byte[] stored = database.writeSql(sql -> {
            sql.update("INSERT INTO p2p_bucket_key (id, key_hex) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
                    Hex.encode(key));
            return sql.first("SELECT key_hex FROM p2p_bucket_key WHERE id = 1", row -> Hex.decode(row.getString(1)))
                    .orElseThrow();
        });
        if (!Arrays.equals(stored, key)) {
            throw new IllegalStateException("the bucket key is saved once and never replaced");
        }
    }

    @Override
    public void updateAddressTable(List<AddressRecord> saved, List<AddressRecord> removed) {
        database.writeSql(sql -> {
            for (AddressRecord record : removed) {
                sql.update("DELETE FROM p2p_address_table WHERE host = ? AND port = ?", record.host(), record.port());
            }
            for (AddressRecord r : saved) {
                sql.update(SAVE_ENTRY, r.host(), r.port(), r.peerId(), r.sourceGroup(), r.tried() ? 1 : 0,
                        r.lastSeen().toEpochMilli(), r.lastTry().toEpochMilli(), r.lastSuccess().toEpochMilli(),
                        r.attempts(), r.signedAt(), r.signature());
            }
            return null;
        });
    }

    @Override
    public List<AddressRecord> addressTable() {
        return database.readSql(sql -> sql.list(ENTRIES, row -> new AddressRecord(row.getString(1), row.getInt(2),
                row.getString(3), row.getString(4), row.getInt(5) == 1, Instant.ofEpochMilli(row.getLong(6)),
                Instant.ofEpochMilli(row.getLong(7)), Instant.ofEpochMilli(row.getLong(8)), row.getInt(9),
                row.getLong(10), row.getString(11)))).stream()
                .sorted(Comparator.comparing(AddressRecord::host).thenComparingInt(AddressRecord::port)).toList();
    }

    @Override
    public void saveAnchors(List<KnownAddress> anchors) {
        database.writeSql(sql -> {
            sql.update("DELETE FROM p2p_anchors");
            for (int i = 0; i < anchors.size(); i++) {
                KnownAddress anchor = anchors.get(i);
                sql.update("INSERT INTO p2p_anchors (position, host, port, peer_id, last_seen_ms) "
                        + "VALUES (?, ?, ?, ?, ?)", i, anchor.host(), anchor.port(), anchor.peerId(),
                        anchor.lastSeen().toEpochMilli());
            }
            return null;
        });
    }

    @Override
    public List<KnownAddress> anchors() {
        return database.readSql(sql -> sql.list("SELECT host, port, peer_id, last_seen_ms FROM p2p_anchors "
                + "ORDER BY position", row -> new KnownAddress(row.getString(1), row.getInt(2), row.getString(3),
                Instant.ofEpochMilli(row.getLong(4)))));
    }
}
