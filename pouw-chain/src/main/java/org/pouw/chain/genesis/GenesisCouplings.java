package org.pouw.chain.genesis;

import org.pouw.chain.audit.AuditParameters;
import org.pouw.core.PouwException;

/**
 * The couplings between a genesis file's constants (docs/chain.md §6, the parameter table): each is a reason one
 * constant must stay beyond another, and a file that breaks one is refused naming the setting that would have to move
 * and its line. They are checked on the file, where a chain is started for real; {@link ChainGenesis} itself keeps
 * only its own invariants, so tests can build short chains (maturity 14 over an alarm depth of 100) on purpose.
 */
final class GenesisCouplings {
    /**
     * E_w, the blocks after an obligation matures during which evidence against its key (equivocation, a signed
     * invalid header) still finds stake to slash: a day at T = 60 s. Unstaked coins must wait longer than maturity
     * plus this.
     */
    static final long EVIDENCE_WINDOW = 1_440;
    /** D must be at least this many blocks (issue §3: "≥ 20 blocks and hours")… */
    static final long MIN_OPENING_BLOCKS = 20;
    /** …and at least this many seconds: a home miner's outage of a couple of hours costs it nothing. */
    static final long MIN_OPENING_SECONDS = 7_200;

    private final GenesisSettings top;
    private final GenesisSettings audit;

    /** {@code audit} is the file's {@code [audit]} section, or null when the defaults apply. */
    GenesisCouplings(GenesisSettings top, GenesisSettings audit) {
        this.top = top;
        this.audit = audit;
    }

    void check(ChainGenesis genesis) {
        long ftl = genesis.futureLimit();
        if (ftl > genesis.halfLife() / 32 || ftl > 4 * genesis.spacing()) {
            throw top.fail("future_limit_s", top.lineOf("future_limit_s"), "must be at most half_life_s / 32 = "
                    + genesis.halfLife() / 32 + " and 4 · spacing_s = " + 4 * genesis.spacing()
                    + " (a timestamp at the limit must barely move ASERT), got " + ftl);
        }
        long act = genesis.state().activationDelay();
        if (act <= genesis.reorgAlarmDepth()) {
            throw top.fail("activation_delay", top.lineOf("activation_delay"), "must exceed reorg_alarm_depth = "
                    + genesis.reorgAlarmDepth() + " (the signers of competing headers are fixed on their common "
                    + "ancestor), got " + act);
        }
        AuditParameters a = genesis.audit();
        long d = a.openingWindow();
        if (d < MIN_OPENING_BLOCKS || d * genesis.spacing() < MIN_OPENING_SECONDS) {
            throw auditFail("opening_window", "must be at least " + MIN_OPENING_BLOCKS + " blocks and "
                    + MIN_OPENING_SECONDS + " s at spacing_s = " + genesis.spacing() + " (an honest miner survives an "
                    + "outage of hours), got " + d);
        }
        long lateEnd = a.challengeDelay() + d + genesis.reorgAlarmDepth();
        if (a.maturity() <= lateEnd) {
            throw auditFail("maturity", "must exceed challenge_delay + opening_window + reorg_alarm_depth = "
                    + lateEnd + " (a reorged challenge still leaves the late period before rewards mature), got "
                    + a.maturity());
        }
        long unbonding = genesis.state().unbondingDelay();
        if (unbonding <= a.maturity() + EVIDENCE_WINDOW) {
            throw top.fail("unbonding_delay", top.lineOf("unbonding_delay"), "must exceed audit.maturity + the "
                    + "evidence window = " + a.maturity() + " + " + EVIDENCE_WINDOW + " (unbonding stake is still "
                    + "there to slash), got " + unbonding);
        }
    }

    private PouwException auditFail(String name, String message) {
        if (audit == null) {
            return PouwException.invalid("audit." + name, message + " — the default; set it in an [audit] section");
        }
        return audit.fail(name, audit.lineOf(name), message);
    }
}
