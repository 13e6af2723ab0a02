package org.pouw.core.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.core.id.JobId;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * A numbered, hash-chained ledger entry. {@code hash = BLAKE3(prev_hash ‖ canonical body)}, where the body is
 * length-prefixed big-endian fields in a fixed order ({@link #canonicalBody}); rewriting any past entry breaks every
 * hash after it, which {@code pouw ledger verify} checks.
 */
public record LedgerEntry(long seq, EntryKind kind, String key, List<Posting> postings, List<JobId> jobIds,
                          String memo, long atMs, String prevHash, String hash) {
    public static final String GENESIS_HASH = "0".repeat(64);

    public LedgerEntry {
        postings = List.copyOf(postings);
        jobIds = List.copyOf(jobIds);
    }

    public static LedgerEntry chain(long seq, EntryDraft draft, long atMs, String prevHash) {
        String hash = computeHash(seq, draft.kind(), draft.key(), draft.postings(), draft.jobIds(), draft.memo(),
                atMs, prevHash);
        return new LedgerEntry(seq, draft.kind(), draft.key(), draft.postings(), draft.jobIds(), draft.memo(), atMs,
                prevHash, hash);
    }

    public boolean hashIsIntact() {
        return hash.equals(computeHash(seq, kind, key, postings, jobIds, memo, atMs, prevHash));
    }

    public long amountFor(String account) {
        long sum = 0;
        for (Posting posting : postings) {
            if (posting.account().equals(account)) {
                sum += posting.amount();
            }
        }
        return sum;
    }

    static String computeHash(long seq, EntryKind kind, String key, List<Posting> postings, List<JobId> jobIds,
                              String memo, long atMs, String prevHash) {
        return Hex.encode(Blake3.hash(Hex.decode(prevHash),
                canonicalBody(seq, kind, key, postings, jobIds, memo, atMs)));
    }

    static byte[] canonicalBody(long seq, EntryKind kind, String key, List<Posting> postings, List<JobId> jobIds,
                                String memo, long atMs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            writeString(out, kind.wire());
            writeString(out, key);
            out.writeInt(postings.size());
            for (Posting posting : postings) {
                writeString(out, posting.account());
                out.writeLong(posting.amount());
            }
            out.writeInt(jobIds.size());
            for (JobId jobId : jobIds) {
                writeString(out, jobId.hex());
            }
            writeString(out, memo);
            out.writeLong(atMs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
