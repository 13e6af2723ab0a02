package org.pouw.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.pouw.gate.hashcash.HashcashMinter;

/**
 * Mints a hashcash v1 stamp with the gate's {@link HashcashMinter}, showing a progress line while it runs and the
 * hash rate at the end. The tries are read back from the stamp's counter (the minter counts from 0 in the tool's
 * base64 alphabet), so the rate is exact without slowing the minter's loop.
 */
final class StampMinting {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private StampMinting() {
    }

    static String mint(String resource, int bits, PrintStream progress) {
        String date = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyMMdd"));
        long started = System.nanoTime();
        Thread ticker = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Thread.sleep(500);
                    progress.printf("\rminting a %d-bit stamp… %.1f s (expect about 2^%d hashes)", bits,
                            (System.nanoTime() - started) / 1e9, bits);
                    progress.flush();
                }
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        });
        String stamp = HashcashMinter.mint(resource, bits, date, new SecureRandom());
        ticker.interrupt();
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        long tries = tries(stamp);
        progress.printf("\rminted a %d-bit stamp in %.2f s: %,d hashes, %.2f M hashes/s%n", bits, seconds, tries,
                tries / seconds / 1e6);
        return stamp;
    }

    /** How many hashes the minter tried: its counter (the stamp's last field) plus one. */
    static long tries(String stamp) {
        String counter = stamp.substring(stamp.lastIndexOf(':') + 1);
        long n = 0;
        for (char c : counter.toCharArray()) {
            n = n * 64 + ALPHABET.indexOf(c);
        }
        return n + 1;
    }
}
