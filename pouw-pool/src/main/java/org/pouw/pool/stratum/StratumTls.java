package org.pouw.pool.stratum;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The Stratum TLS port's server context, from a PKCS#12 key store holding the pool's certificate and key. */
public final class StratumTls {
    private StratumTls() {
    }

    /** @param password the key store's password, read from a file by the caller, never from the command line */
    public static SSLContext fromPkcs12(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("stratum_tls_keystore " + keyStore + " could not be read as PKCS#12 "
                    + "with its password: " + e.getMessage(), e);
        }
    }
}
