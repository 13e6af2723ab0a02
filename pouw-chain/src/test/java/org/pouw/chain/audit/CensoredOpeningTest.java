package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;

/**
 * An honest miner whose opening is kept out of blocks (docs/chain.md §5.3). Both paths apply, each in its case:
 *
 * <ul>
 *   <li>censored past D (the coalition mines every block of the window without it): the opening still counts up to
 *       maturity, at the cost of the late bounty — taken from the miner's immature rewards and burnt, so the
 *       censoring coalition earns nothing from it — and the stake is untouched;</li>
 *   <li>the challenge block reorged: the new branch's block at b + c draws a new challenge, the opening sent for the
 *       old one is refused there (it names its challenge, so it is not judged and slashes nobody), and the miner
 *       answers the new challenge in time.</li>
 * </ul>
 *
 * <p>The coalition mines segments of one step (the winner alone, replayed with its block), which leave nothing to
 * open, so its own audits never stand in the way.
 */
class CensoredOpeningTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair HONEST = AuditScenario.key(2);
    private static final Ed25519.KeyPair CENSOR = AuditScenario.key(3);
    private static final List<Ed25519.KeyPair> EVERYONE = List.of(POSTER, HONEST, CENSOR);

    @Test
    void anOpeningCensoredForDBlocksCostsTheBountyNotTheStake() {
        AuditScenario chain = new AuditScenario(POSTER, HONEST, CENSOR);
        AuditParameters audits = AuditScenario.AUDITS;
        long coins = chain.coins(EVERYONE);
        chain.block(HONEST, 6);
        long challengedAt = 1 + audits.challengeDelay();
        while (chain.height < challengedAt + audits.openingWindow()) {
            chain.block(CENSOR, 1);                                  // the coalition leaves the opening out
        }
        Transaction open = chain.tx(HONEST, chain.opening(1));
        long censorBefore = chain.state.account(AuditScenario.id(CENSOR)).balance() + chain.immature(CENSOR);
        long immatureBefore = chain.immature(HONEST);
        chain.block(CENSOR, 1, open);                               // height challengedAt + D + 1: late
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.OPENED);
        assertThat(chain.staked(HONEST)).isEqualTo(AuditScenario.STAKE);
        assertThat(chain.immature(HONEST)).isEqualTo(immatureBefore - audits.lateBounty());
        assertThat(chain.state.burnt()).isEqualTo(audits.lateBounty());
        assertThat(chain.state.account(AuditScenario.id(CENSOR)).balance() + chain.immature(CENSOR) - censorBefore)
                .as("the censor's block earns its reward and the fee, nothing of the bounty")
                .isEqualTo(AuditScenario.SUBSIDY + open.fee());
        while (chain.height <= audits.maturity() + 2) {
            chain.block(CENSOR, 1);
        }
        assertThat(chain.staked(HONEST)).as("not slashed at maturity").isEqualTo(AuditScenario.STAKE);
        assertThat(chain.state.account(AuditScenario.id(HONEST)).balance())
                .as("the rest of the reward matured").isEqualTo(AuditScenario.FUNDS - open.fee()
                        + AuditScenario.SUBSIDY - audits.lateBounty());
        assertThat(chain.coins(EVERYONE)).isEqualTo(coins + chain.height * AuditScenario.SUBSIDY);
    }

    @Test
    void anOpeningOnTimeCostsNothing() {
        AuditScenario chain = new AuditScenario(POSTER, HONEST, CENSOR);
        AuditParameters audits = AuditScenario.AUDITS;
        chain.block(HONEST, 6);
        while (chain.height < 1 + audits.challengeDelay() + audits.openingWindow() - 1) {
            chain.block(CENSOR, 1);
        }
        chain.block(CENSOR, 1, chain.tx(HONEST, chain.opening(1)));  // the last block of the window
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.OPENED);
        assertThat(chain.state.burnt()).isZero();
        assertThat(chain.immature(HONEST)).isEqualTo(AuditScenario.SUBSIDY);
    }

    @Test
    void aReorgedChallengeBlockDrawsANewChallengeAndTheOldOpeningIsRefusedNotJudged() {
        AuditScenario chain = new AuditScenario(POSTER, HONEST, CENSOR);
        chain.block(HONEST, 6);
        chain.block(CENSOR, 1);
        StateLayer fork = chain.state;
        chain.block(CENSOR, 1);                                      // height 3: challenges block 1
        AuditOpen old = chain.opening(1);
        chain.reorgTo(2, fork);
        chain.block(HONEST, 3);                                      // another block 3: another ticket
        assertThat(chain.state.audit(1).seed()).isNotEqualTo(old.challenge());
        Transaction stale = chain.tx(HONEST, old);
        assertThat(chain.apply(stale).refusal()).isEqualTo(TxRefusal.CHALLENGE_MISMATCH);
        assertThat(chain.staked(HONEST)).isEqualTo(AuditScenario.STAKE);
        chain.block(CENSOR, 1, chain.tx(HONEST, chain.opening(1)));
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.OPENED);
        assertThat(chain.state.burnt()).isZero();
    }
}
