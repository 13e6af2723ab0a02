package org.pouw.worker;

import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.pouw.client.NodeException;
import org.pouw.core.work.BlobSource;
import org.pouw.core.work.WorkFailedException;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * Blobs for a prover, fetched from the market ({@code GET /v1/pouw/blobs/{key}} over HTTP). Blobs are
 * content-addressed (BLAKE3, §2), so the bytes are checked against their key: a proof built on a corrupted or substituted trace would only be rejected
 * later, after all the work. A market that is briefly away is retried while the job still wants the blob.
 */
final class VerifiedBlobSource implements BlobSource {
    private static final int MAX_TRIES = 6;

    private final MarketAccess market;
    private final DownloadedBlobs cache;
    private final BooleanSupplier stillWanted;
    private final String jobId;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final RandomGenerator random;

    VerifiedBlobSource(MarketAccess market, DownloadedBlobs cache, String jobId, BooleanSupplier stillWanted,
                       Duration retryInitial, Duration retryMax, RandomGenerator random) {
        this.market = market;
        this.cache = cache;
        this.jobId = jobId;
        this.stillWanted = stillWanted;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.random = random;
    }

    @Override
    public byte[] fetch(String key) {
        if (!Hex.isHex(key, Blake3.LENGTH)) {
            throw new WorkFailedException("blob key '" + key + "' is not a BLAKE3 digest in hex");
        }
        String wanted = key.toLowerCase(Locale.ROOT);
        byte[] cached = cache.get(wanted);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = download(wanted);
        if (!Hex.encode(Blake3.hash(bytes)).equals(wanted)) {
            throw new WorkFailedException("blob " + wanted + " from the node does not hash to its key");
        }
        cache.put(wanted, bytes);
        return bytes;
    }

    private byte[] download(String key) {
        Backoff backoff = new Backoff(retryInitial, retryMax, random);
        for (int tries = 1; ; tries++) {
            if (!stillWanted.getAsBoolean()) {
                throw new WorkAbandonedException(jobId);
            }
            try {
                return market.blob(jobId, key);
            } catch (NodeException e) {
                if (e.status() == 404) {
                    throw new WorkFailedException("blob " + key + " is not on the node", e);
                }
                if (!e.isTransient() || tries >= MAX_TRIES) {
                    throw new WorkFailedException("could not fetch blob " + key + ": " + e.getMessage(), e);
                }
                pause(backoff.next());
            }
        }
    }

    private void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            // Only an abandoned job's prover thread is interrupted.
            Thread.currentThread().interrupt();
            throw new WorkAbandonedException(jobId);
        }
    }
}
