package org.pouw.pool.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import tools.jackson.databind.node.ObjectNode;

/**
 * "A miner framed by someone else's garbage keeps its reputation" (issue 23 §3, "Tests"): a hundred bad shares in
 * the victim's name, unsigned or signed by the attacker, change nothing kept about the victim, whose next share is
 * accepted; the same garbage signed by the attacker's own proven identity throttles and then bans the attacker.
 */
class FramedMinerTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long DIFFICULTY = 16;

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair node = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair victim = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair attacker = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final ReputationSettings reputation = ReputationSettings.defaults();
    private final Miners miners = new Miners(VardiffSettings.defaults(1), reputation, clock);
    private final ShareValidator validator = new ShareValidator(node.publicKey(), clock, 0, miners);
    private int extranonce;

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private ObjectNode challengeFor(Ed25519.KeyPair miner) {
        return TestShares.challenge(node, miner.did().toString(), 2, T0, T0 + 3_600_000,
                String.format("%032x", miner.did().hashCode() & 0xffffffffL));
    }

    private ShareVerdict send(Ed25519.KeyPair miner, boolean meets, Ed25519.KeyPair signer) {
        ObjectNode challenge = challengeFor(miner);
        byte[] coinbase = TestShares.coinbase(miner.did().toString(), Integer.toString(extranonce++));
        long difficulty = Math.max(DIFFICULTY, miners.required(miner.did().toString()));
        return validator.validate(TestShares.bytes(TestShares.share(challenge, miner.did().toString(),
                TestShares.grind(challenge, coinbase, difficulty, meets), coinbase, difficulty, signer)));
    }

    private void prove(Ed25519.KeyPair miner, int shares) {
        for (int i = 0; i < shares; i++) {
            clock.advance(15_000);
            assertThat(send(miner, true, miner)).isInstanceOf(ShareVerdict.Accepted.class);
        }
    }

    @Test
    void garbageInTheVictimsNameLeavesItsStandingAlone() {
        prove(victim, 10);
        Miners.Standing before = miners.standing(victim.did().toString()).orElseThrow();
        for (int i = 0; i < 100; i++) {
            ShareVerdict verdict = send(victim, false, attacker);
            assertThat(((ShareVerdict.Refused) verdict).reason()).isEqualTo(ShareReason.BAD_SIGNATURE);
        }
        assertThat(miners.standing(victim.did().toString()).orElseThrow()).isEqualTo(before);
        assertThat(miners.admit(victim.did().toString())).isEqualTo(Miners.Admission.OPEN);
        clock.advance(15_000);
        assertThat(send(victim, true, victim)).isInstanceOf(ShareVerdict.Accepted.class);
    }

    @Test
    void garbageTheAttackerSignsItselfThrottlesAndBansTheAttackerOnly() {
        prove(victim, 10);
        prove(attacker, 10);
        ShareReason last = null;
        boolean throttled = false;
        for (int i = 0; i < 100 && last != ShareReason.BANNED; i++) {
            clock.advance(200);
            last = ((ShareVerdict.Refused) send(attacker, false, attacker)).reason();
            if (last == ShareReason.THROTTLED) {
                throttled = true;
                clock.advance(reputation.throttleMs());
            }
        }
        assertThat(throttled).as("throttled before the ban").isTrue();
        assertThat(last).isEqualTo(ShareReason.BANNED);
        assertThat(miners.admit(victim.did().toString())).isEqualTo(Miners.Admission.OPEN);
        clock.advance(15_000);
        assertThat(send(victim, true, victim)).isInstanceOf(ShareVerdict.Accepted.class);
    }
}
