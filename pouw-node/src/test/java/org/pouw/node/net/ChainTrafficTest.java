package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.pouw.chain.net.ChainRejectCode;
import org.pouw.node.chain.TxSubmission;

class ChainTrafficTest {
    @Test
    void eachChainMessageTypeIsCountedApartAndUnknownRejectCodesAddNoSeries() {
        ChainTraffic traffic = new ChainTraffic();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        traffic.register(registry);
        int series = registry.getMeters().size();

        traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.HEADERS, 1, 4_000);
        traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.BLOCK_BODY, 2, 70_000);
        traffic.reject(ChainTraffic.Direction.IN, ChainRejectCode.BLOCK_STEP_REFUSED.code());
        traffic.reject(ChainTraffic.Direction.IN, 12_345);
        traffic.reject(ChainTraffic.Direction.IN, 65_535);

        assertThat(registry.get("pouw_chain_net_bytes").tags("direction", "in", "type", "headers")
                .functionCounter().count()).isEqualTo(4_000);
        assertThat(registry.get("pouw_chain_net_messages").tags("direction", "out", "type", "block_body")
                .functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("pouw_chain_net_bytes").tags("direction", "in", "type", "block_body")
                .functionCounter().count()).isZero();
        assertThat(registry.get("pouw_chain_net_rejects").tags("direction", "in", "code", "block_step_refused")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("pouw_chain_net_rejects").tags("direction", "in", "code", "unknown")
                .functionCounter().count()).isEqualTo(2);
        assertThat(registry.getMeters()).hasSize(series);
    }

    @Test
    void aRefusedTransactionsRejectCodeIsTheMempoolsOrInvalidForARuleAndNoneForOneAlreadyPending() {
        assertThat(TransactionRelay.rejectCode(new TxSubmission(null, null, "NONCE_GAP", "")))
                .contains(ChainRejectCode.TX_NONCE_GAP);
        assertThat(TransactionRelay.rejectCode(new TxSubmission(null, null, "INSUFFICIENT_BALANCE", "")))
                .contains(ChainRejectCode.TX_INVALID);
        assertThat(TransactionRelay.rejectCode(new TxSubmission(null, null, "ALREADY_PENDING", ""))).isEmpty();
    }
}
