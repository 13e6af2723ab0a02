package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pouw.chain.audit.AuditParameters;

/**
 * The shape of a simulated network: how many nodes, which node each miner is attached to and its compute (training
 * steps per simulated second), wallets per node and how often each sends, the network's delays and loss, and the
 * seed every random draw comes from.
 *
 * @param seed              every random draw of the run (keys, delays, losses, phases, transactions) derives from it
 * @param nodes             number of nodes
 * @param minerNodes        for each miner, the index of the node it is attached to
 * @param stepsPerSecond    each miner's starting compute
 * @param walletsPerNode    wallets handing transactions to each node (0: no transactions)
 * @param txIntervalMs      a wallet's mean wait between transactions
 * @param minDelayMs        the network's least delay
 * @param maxDelayMs        the network's greatest delay
 * @param loss              probability a message is lost
 * @param syncPollMs        how often each node asks a random peer for what it may have missed
 * @param audits            the genesis's audit constants (c, D, maturity, …): the defaults, or shorter ones so a
 *                          scenario reaches maturity in a test's few blocks
 * @param conducts          for each miner, how it behaves (the same length as {@code minerNodes})
 */
public record SimulationSettings(long seed, int nodes, List<Integer> minerNodes, double stepsPerSecond,
                                 int walletsPerNode, long txIntervalMs, long minDelayMs, long maxDelayMs, double loss,
                                 long syncPollMs, AuditParameters audits, List<MinerConduct> conducts) {
    /** Honest miners under the default audit constants. */
    public SimulationSettings(long seed, int nodes, List<Integer> minerNodes, double stepsPerSecond,
                              int walletsPerNode, long txIntervalMs, long minDelayMs, long maxDelayMs, double loss,
                              long syncPollMs) {
        this(seed, nodes, minerNodes, stepsPerSecond, walletsPerNode, txIntervalMs, minDelayMs, maxDelayMs, loss,
                syncPollMs, AuditParameters.DEFAULTS, Collections.nCopies(minerNodes.size(), MinerConduct.HONEST));
    }

    public SimulationSettings {
        minerNodes = List.copyOf(minerNodes);
        if (audits == null) {
            throw new IllegalArgumentException("audits must be set");
        }
        conducts = List.copyOf(conducts);
        if (conducts.size() != minerNodes.size()) {
            throw new IllegalArgumentException("conducts: " + conducts.size() + " for " + minerNodes.size()
                    + " miners");
        }
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, got " + nodes);
        }
        for (int node : minerNodes) {
            if (node < 0 || node >= nodes) {
                throw new IllegalArgumentException("minerNodes: node " + node + " is not in [0, " + nodes + ")");
            }
        }
        if (!(stepsPerSecond > 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("stepsPerSecond must be > 0 and finite, got " + stepsPerSecond);
        }
        if (walletsPerNode < 0 || txIntervalMs < 1 || syncPollMs < 1) {
            throw new IllegalArgumentException("walletsPerNode must be >= 0, txIntervalMs and syncPollMs >= 1");
        }
    }

    /** These settings with the genesis's audit constants {@code audits}. */
    public SimulationSettings withAudits(AuditParameters audits) {
        return new SimulationSettings(seed, nodes, minerNodes, stepsPerSecond, walletsPerNode, txIntervalMs,
                minDelayMs, maxDelayMs, loss, syncPollMs, audits, conducts);
    }

    /** These settings with one more miner attached to {@code node}, behaving as {@code conduct}. */
    public SimulationSettings withMiner(int node, MinerConduct conduct) {
        List<Integer> nodesOfMiners = new ArrayList<>(minerNodes);
        nodesOfMiners.add(node);
        List<MinerConduct> allConducts = new ArrayList<>(conducts);
        allConducts.add(conduct);
        return new SimulationSettings(seed, nodes, nodesOfMiners, stepsPerSecond, walletsPerNode, txIntervalMs,
                minDelayMs, maxDelayMs, loss, syncPollMs, audits, allConducts);
    }

    /**
     * The network: 5 nodes, 8 miners spread 2-1-2-2-1 (so a 2 + 3 split puts 3 miners against 5), one wallet
     * per node, delays of 50 ms to 2 s, 1 % loss.
     */
    public static SimulationSettings fiveNodesEightMiners(long seed, double stepsPerSecond) {
        return new SimulationSettings(seed, 5, List.of(0, 0, 1, 2, 2, 3, 3, 4), stepsPerSecond, 1, 90_000, 50, 2_000,
                0.01, 300_000);
    }
}
