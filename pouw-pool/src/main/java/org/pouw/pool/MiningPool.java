package org.pouw.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.http.PoolHttpServer;
import org.pouw.pool.share.ShareValidator;

/** One running pool process (issue 23): the share check, the attestor and the HTTP transport, wired once. */
public final class MiningPool implements AutoCloseable {
    private final PoolHttpServer http;
    private final Ed25519.KeyPair key;

    private MiningPool(PoolHttpServer http, Ed25519.KeyPair key) {
        this.http = http;
        this.key = key;
    }

    public static MiningPool start(PoolSettings settings, Ed25519.KeyPair poolKey, Clock clock) throws IOException {
        ShareValidator validator = new ShareValidator(settings.challengePublicKey(), clock, settings.skewMs(),
                settings.minDifficulty());
        ShareAttestor attestor = new ShareAttestor(poolKey, settings.name(), settings.audience(), clock,
                settings.attestationTtlMs());
        PoolHttpServer http = new PoolHttpServer(new InetSocketAddress(settings.bindHost(), settings.port()),
                validator, attestor, poolKey.publicKey(), clock);
        http.start();
        return new MiningPool(http, poolKey);
    }

    public int httpPort() {
        return http.port();
    }

    public byte[] publicKey() {
        return key.publicKey();
    }

    @Override
    public void close() {
        http.close();
    }
}
