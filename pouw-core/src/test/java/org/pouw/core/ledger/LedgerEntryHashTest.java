package org.pouw.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.JobId;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * The published ledger-entry hash vectors of docs/test-vectors.md: a chain of three entries (a genesis allocation,
 * a fee reservation, a reward). A ledger written today must verify tomorrow, so these hashes never change.
 */
class LedgerEntryHashTest {
    static final String CLIENT = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final String PROVER = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";
    static final String INTENT = "91c69976c1d8aa7c7e3cb2019afadc41ef61d63da1f736c95a06b1226df34773";
    static final JobId JOB = JobId.of("df505aa72df10d940d35ea0c2e2304b8");

    static final String HASH_1 = "e1bbfda2a1d44d7f2930c87f14d800f162769351d9ada90d0c09f3a06dfde9f4";
    static final String HASH_2 = "2f72bb29c198abe412026a87b1d788cefefa5710ddb13b469808db2be70183ba";
    static final String HASH_3 = "302fd28c7d2018866f1f6b2474049b396afa0ce391da175ddd56e8574c2347ff";

    static LedgerEntry first() {
        return LedgerEntry.chain(1, new EntryDraft(EntryKind.GENESIS, "genesis:" + CLIENT,
                List.of(new Posting(Accounts.GENESIS, -1_000_000), new Posting(CLIENT, 1_000_000)), List.of(),
                "dev genesis allocation"), 1_700_000_000_000L, LedgerEntry.GENESIS_HASH);
    }

    static LedgerEntry second(String prevHash) {
        return LedgerEntry.chain(2, new EntryDraft(EntryKind.FEE_RESERVED, "fee:" + INTENT,
                List.of(new Posting(CLIENT, -500), new Posting(Accounts.POOL_RESERVED, 500)), List.of(),
                "fee for intent " + INTENT), 1_700_000_000_250L, prevHash);
    }

    static LedgerEntry third(String prevHash) {
        return LedgerEntry.chain(3, new EntryDraft(EntryKind.REWARD, EntryDraft.rewardKey(JOB),
                List.of(new Posting(Accounts.POOL_RESERVED, -500), new Posting(PROVER, 450),
                        new Posting(Accounts.POOL_EARNED, 50)),
                List.of(JOB), "reward for job " + JOB), 1_700_000_001_000L, prevHash);
    }

    @Test
    void matchesThePublishedVectors() {
        LedgerEntry first = first();
        LedgerEntry second = second(first.hash());
        LedgerEntry third = third(second.hash());
        assertThat(List.of(first.hash(), second.hash(), third.hash())).containsExactly(HASH_1, HASH_2, HASH_3);
        assertThat(List.of(first, second, third)).allSatisfy(entry -> assertThat(entry.hashIsIntact()).isTrue());
    }

    @Test
    void isTheHashOfThePreviousHashAndTheDocumentedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeLong(1);
        writeString(out, "genesis");
        writeString(out, "genesis:" + CLIENT);
        out.writeInt(2);
        writeString(out, "sys:genesis");
        out.writeLong(-1_000_000);
        writeString(out, CLIENT);
        out.writeLong(1_000_000);
        out.writeInt(0);
        writeString(out, "dev genesis allocation");
        out.writeLong(1_700_000_000_000L);
        assertThat(Hex.encode(Blake3.hash(new byte[32], body.toByteArray()))).isEqualTo(HASH_1);
    }

    @Test
    void aChangedEntryNoLongerChains() {
        LedgerEntry second = second(HASH_1);
        LedgerEntry altered = new LedgerEntry(second.seq(), second.kind(), second.key(),
                List.of(new Posting(CLIENT, -501), new Posting(Accounts.POOL_RESERVED, 501)), second.jobIds(),
                second.memo(), second.atMs(), second.prevHash(), second.hash());
        assertThat(altered.hashIsIntact()).isFalse();
        assertThat(second(HASH_3).hash()).isNotEqualTo(HASH_2);
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
