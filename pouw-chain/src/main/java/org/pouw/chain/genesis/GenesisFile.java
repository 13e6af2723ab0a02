package org.pouw.chain.genesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.core.PouwException;
import org.pouw.crypto.DidKey;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.wire.Bytes32;

/**
 * The genesis file, the human-editable text a chain starts from (docs/chain.md §7): {@code name = value} lines, then
 * one {@code [account KEY]} section per funded account, one {@code [dataset NAME]} section per dataset filler
 * tasks train on and at most one {@code [audit]} section (the defaults when it is absent); {@code #} starts a comment. Parsing is strict: every setting must be present once, nothing unknown is
 * allowed, the couplings of docs/chain.md §6 must hold ({@link GenesisCouplings}), and an error names the setting (as
 * {@code section.name}) and its line. A test or demo chain that breaks the couplings on purpose (a maturity of a
 * dozen blocks, an opening window of seconds) says so with {@code couplings = relaxed}; the setting is not part of
 * the genesis encoding, so it changes no chain id, and it is the only way past the couplings. {@link #format} writes
 * a genesis back in this form, the {@code [audit]} section always and {@code couplings = relaxed} exactly when the
 * genesis breaks a coupling, so {@code parse(format(g))} is {@code g} for every genesis.
 */
public final class GenesisFile {
    public static final String FORMAT = "pouw-genesis-v2";
    private static final Pattern SECTION = Pattern.compile("\\[(account|dataset)\\s+([^\\]\\s]+)\\s*]");
    private static final Pattern AUDIT_SECTION = Pattern.compile("\\[audit\\s*]");
    private static final String AUDIT = "audit";
    /** k_w·w at most, as {@link AuditParameters} requires. */
    private static final int MAX_AUDITED_STEPS = 254;
    private static final Pattern SETTING = Pattern.compile("([a-z_]+)\\s*=\\s*(.*)");
    private static final String COUPLINGS = "couplings";
    private static final String CHECKED = "checked";
    private static final String RELAXED = "relaxed";
    private GenesisFile() {
    }

    public static ChainGenesis parse(String text) {
        List<GenesisSettings> sections = sections(text);
        GenesisSettings top = sections.getFirst();
        String format = top.text("format");
        if (!format.equals(FORMAT)) {
            throw top.fail("format", top.lastLine(), "must be " + FORMAT + ", got '" + format + "'");
        }
        long timestamp = top.integer("timestamp", 0, Long.MAX_VALUE / 2);
        int bits = top.hexInt("bits");
        int easiestBits = top.hexInt("easiest_bits");
        long spacing = top.integer("spacing_s", 1, 86_400);
        long halfLife = top.integer("half_life_s", 1, 1L << 40);
        long futureLimit = top.integer("future_limit_s", 0, 86_400);
        int alarmDepth = (int) top.integer("reorg_alarm_depth", 1, 1 << 20);
        ChainParameters state = new ChainParameters(top.integer("activation_delay", 1, 1L << 40),
                top.integer("unbonding_delay", 1, 1L << 40));
        BlockParameters block = new BlockParameters(top.integer("subsidy", 0, Long.MAX_VALUE),
                top.integer("minimum_stake", 1, Long.MAX_VALUE), (int) top.integer("max_transactions", 0, 1 << 16));
        TicketRule tickets = new TicketRule(top.integer("multiply_adds_per_ticket", 1, Long.MAX_VALUE),
                (int) top.integer("max_tickets_per_step", 1, 1 << 20));
        LivenessRule liveness = new LivenessRule(top.fraction("min_gradient_nonzero"),
                top.fraction("min_parameters_changed"), top.fraction("max_subnormal"));
        TaskParameters taskParameters = taskParameters(top);
        String couplings = top.optional(COUPLINGS, CHECKED);
        if (!couplings.equals(CHECKED) && !couplings.equals(RELAXED)) {
            throw top.fail(COUPLINGS, top.lastLine(), "must be " + CHECKED + " or " + RELAXED + ", got '"
                    + couplings + "'");
        }
        top.requireAllRead();
        List<GenesisAccount> allocations = new ArrayList<>();
        List<GenesisDataset> datasets = new ArrayList<>();
        GenesisSettings auditSection = null;
        AuditParameters audit = AuditParameters.DEFAULTS;
        for (GenesisSettings section : sections.subList(1, sections.size())) {
            if (section.section().equals(AUDIT)) {
                auditSection = section;
                audit = audit(section);
            } else if (section.section().startsWith("account ")) {
                allocations.add(allocation(section));
            } else {
                datasets.add(dataset(section));
            }
            section.requireAllRead();
        }
        ChainGenesis genesis;
        try {
            genesis = new ChainGenesis(timestamp, bits, easiestBits, spacing, halfLife, futureLimit, alarmDepth,
                    state, block, tickets, liveness, allocations, taskParameters, datasets, audit);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid("genesis", e.getMessage());
        }
        if (couplings.equals(CHECKED)) {
            new GenesisCouplings(top, auditSection).check(genesis);
        }
        return genesis;
    }

    /**
     * The {@code [audit]} section (docs/chain.md §5, §6): every setting once, each in its range; a file without the
     * section has {@link AuditParameters#DEFAULTS}. The couplings with other settings are {@link GenesisCouplings}'.
     */
    private static AuditParameters audit(GenesisSettings section) {
        long challengeDelay = section.integer("challenge_delay", 1, 1 << 20);
        long openingWindow = section.integer("opening_window", 1, 1L << 40);
        // k_w windows and the two fixed steps are merged into at most AuditOpen.MAX_WINDOWS windows
        int windows = (int) section.integer("windows", 1, AuditOpen.MAX_WINDOWS - 2);
        int width = (int) section.integer("width", 1, OpenedWindow.MAX_STEPS);
        if ((long) windows * width > MAX_AUDITED_STEPS) {
            throw section.fail("width", section.lastLine(), "windows · width must be at most " + MAX_AUDITED_STEPS
                    + " (with the two fixed steps, the replays one block may carry), got " + windows + " · " + width);
        }
        long maturity = section.integer("maturity", 2, 1L << 40);
        long tipWindow = section.integer("tip_window", 0, 1L << 40);
        int auditBytes = (int) section.integer("audit_bytes", 1, AuditOpen.MAX_BYTES);
        long lateBounty = section.integer("late_bounty", 0, Long.MAX_VALUE);
        long evidenceShare = section.integer("evidence_bounty_share", 1, 1 << 20);
        if (maturity <= challengeDelay + openingWindow) {
            throw section.fail("maturity", section.lineOf("maturity"), "must exceed challenge_delay + opening_window = "
                    + (challengeDelay + openingWindow) + ", got " + maturity);
        }
        return new AuditParameters(challengeDelay, openingWindow, windows, width, maturity, tipWindow, auditBytes,
                lateBounty, evidenceShare);
    }

    /** Splits the text into the top settings and the sections, each with its lines. */
    private static List<GenesisSettings> sections(String text) {
        List<GenesisSettings> sections = new ArrayList<>();
        GenesisSettings current = new GenesisSettings("", 1);
        sections.add(current);
        List<String> seen = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher section = SECTION.matcher(line);
            boolean audit = AUDIT_SECTION.matcher(line).matches();
            if (audit || section.matches()) {
                String name = audit ? AUDIT : section.group(1) + " " + section.group(2);
                if (seen.contains(name)) {
                    throw PouwException.invalid(name, "the section appears twice (line " + number + ")");
                }
                seen.add(name);
                current = new GenesisSettings(name, number);
                sections.add(current);
                continue;
            }
            Matcher setting = SETTING.matcher(line);
            if (!setting.matches() || setting.group(2).isBlank()) {
                throw PouwException.invalid("genesis", "line " + number + " is neither 'name = value' nor "
                        + "'[account KEY]', '[dataset NAME]' or '[audit]': " + line);
            }
            current.put(setting.group(1), setting.group(2).strip(), number);
        }
        return sections;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static GenesisAccount allocation(GenesisSettings section) {
        String key = section.section().substring("account ".length());
        Bytes32 publicKey;
        try {
            publicKey = key.startsWith("did:key:") ? Bytes32.of(DidKey.parse(key).publicKey()) : Bytes32.fromHex(key);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid(section.section(), "the account is neither a did:key nor 64 hexadecimal "
                    + "digits (line " + section.line() + ")");
        }
        return new GenesisAccount(publicKey, section.integer("balance", 0, Long.MAX_VALUE),
                section.integer("stake", 0, Long.MAX_VALUE));
    }

    private static GenesisDataset dataset(GenesisSettings section) {
        Bytes32 root = hex(section, "root");
        long size = section.integer("size", 1, Integer.MAX_VALUE);
        int features = (int) section.integer("features", 1, 1 << 24);
        int classes = (int) section.integer("classes", 2, 1 << 16);
        return new GenesisDataset(new DatasetId(root, size), features, classes);
    }

    private static TaskParameters taskParameters(GenesisSettings top) {
        long[] price = fraction(top, "ticket_price");
        TaskParameters.Range sgd = range(top, "sgd_learning_rate");
        TaskParameters.Range adam = range(top, "adam_learning_rate");
        int maxBatch = (int) top.integer("max_batch", 1, Hyperparameters.MAX_BATCH);
        int recordsPerBatch = (int) top.integer("records_per_batch", 1, 1 << 20);
        long maxMultiplyAdds = top.integer("max_multiply_adds", 1, Long.MAX_VALUE);
        long maxStateWords = top.integer("max_state_words", 1, Long.MAX_VALUE);
        long maxMathCalls = top.integer("max_math_calls", 1, Long.MAX_VALUE);
        long minWindow = top.integer("min_window", 1, 1L << 40);
        long maxLifetime = top.integer("max_lifetime", 1, 1L << 40);
        int minersPerTask = (int) top.integer("miners_per_task", 1, 1 << 16);
        long epochLength = top.integer("epoch_length", 1, 1L << 40);
        long fillerDemand = top.integer("filler_demand_blocks", 0, 1L << 40);
        List<String> weightWords = top.words("rank_weights");
        int weightLine = top.lastLine();
        List<Long> weights = new ArrayList<>();
        try {
            for (String word : weightWords) {
                weights.add(Long.parseLong(word));
            }
        } catch (NumberFormatException e) {
            throw top.fail("rank_weights", weightLine, "must be whole numbers, got '"
                    + String.join(" ", weightWords) + "'");
        }
        try {
            return new TaskParameters(price[0], price[1], sgd, adam, maxBatch, recordsPerBatch, maxMultiplyAdds,
                    maxStateWords, maxMathCalls, minWindow, maxLifetime, minersPerTask, epochLength, fillerDemand, weights);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid("genesis", "task parameters: " + e.getMessage());
        }
    }

    private static long[] fraction(GenesisSettings top, String name) {
        String value = top.text(name);
        int line = top.lastLine();
        String[] parts = value.replace(" ", "").split("/", -1);
        try {
            if (parts.length == 2) {
                return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw top.fail(name, line, "must be NUMERATOR/DENOMINATOR, got '" + value + "'");
    }

    private static TaskParameters.Range range(GenesisSettings top, String name) {
        List<String> words = top.words(name);
        int line = top.lastLine();
        try {
            if (words.size() == 2) {
                return new TaskParameters.Range(Double.parseDouble(words.get(0)), Double.parseDouble(words.get(1)));
            }
        } catch (IllegalArgumentException e) {
            throw top.fail(name, line, String.join(" ", words) + ": " + e.getMessage());
        }
        throw top.fail(name, line, "must be 'MIN MAX', got '" + String.join(" ", words) + "'");
    }

    private static Bytes32 hex(GenesisSettings section, String name) {
        String value = section.text(name);
        if (!value.matches("[0-9a-f]{64}")) {
            throw section.fail(name, section.lastLine(), "must be 64 lower-case hexadecimal digits");
        }
        return Bytes32.fromHex(value);
    }

    /** Whether {@code genesis} meets the couplings of docs/chain.md §6, as a file without {@code couplings} must. */
    public static boolean meetsCouplings(ChainGenesis genesis) {
        try {
            parse(format(genesis, false));
            return true;
        } catch (PouwException broken) {
            return false;
        }
    }

    /** The genesis as a file {@link #parse} reads back to it; tasks are named task-1, task-2, … in id order. */
    public static String format(ChainGenesis genesis) {
        return format(genesis, !meetsCouplings(genesis));
    }

    private static String format(ChainGenesis genesis, boolean relaxed) {
        StringBuilder out = new StringBuilder();
        out.append("# PoUW genesis (docs/chain.md §7). The chain id is the hash of these values, not of this text.\n");
        line(out, "format", FORMAT);
        line(out, "timestamp", genesis.timestamp());
        line(out, "bits", String.format(Locale.ROOT, "0x%08x", genesis.bits()));
        line(out, "easiest_bits", String.format(Locale.ROOT, "0x%08x", genesis.easiestBits()));
        line(out, "spacing_s", genesis.spacing());
        line(out, "half_life_s", genesis.halfLife());
        line(out, "future_limit_s", genesis.futureLimit());
        line(out, "reorg_alarm_depth", genesis.reorgAlarmDepth());
        line(out, "activation_delay", genesis.state().activationDelay());
        line(out, "unbonding_delay", genesis.state().unbondingDelay());
        line(out, "subsidy", genesis.block().subsidy());
        line(out, "minimum_stake", genesis.block().minimumStake());
        line(out, "max_transactions", genesis.block().maxTransactions());
        line(out, "multiply_adds_per_ticket", genesis.tickets().multiplyAddsPerTicket());
        line(out, "max_tickets_per_step", genesis.tickets().maxTicketsPerStep());
        line(out, "min_gradient_nonzero", genesis.liveness().minGradientNonZero());
        line(out, "min_parameters_changed", genesis.liveness().minParametersChanged());
        line(out, "max_subnormal", genesis.liveness().maxSubnormal());
        TaskParameters tasks = genesis.taskParameters();
        line(out, "ticket_price", tasks.ticketPriceNumerator() + "/" + tasks.ticketPriceDenominator());
        line(out, "sgd_learning_rate", tasks.sgdLearningRate().min() + " " + tasks.sgdLearningRate().max());
        line(out, "adam_learning_rate", tasks.adamLearningRate().min() + " " + tasks.adamLearningRate().max());
        line(out, "max_batch", tasks.maxBatch());
        line(out, "records_per_batch", tasks.recordsPerBatch());
        line(out, "max_multiply_adds", tasks.maxMultiplyAdds());
        line(out, "max_state_words", tasks.maxStateWords());
        line(out, "max_math_calls", tasks.maxMathCalls());
        line(out, "min_window", tasks.minWindow());
        line(out, "max_lifetime", tasks.maxLifetime());
        line(out, "miners_per_task", tasks.minersPerTask());
        line(out, "epoch_length", tasks.epochLength());
        line(out, "filler_demand_blocks", tasks.fillerDemandBlocks());
        StringBuilder weights = new StringBuilder();
        for (long weight : tasks.rankWeights()) {
            weights.append(weights.isEmpty() ? "" : " ").append(weight);
        }
        line(out, "rank_weights", weights);
        if (relaxed) {
            out.append("# This genesis breaks the parameter couplings of docs/chain.md §6: a test or demo chain only.\n");
            line(out, COUPLINGS, RELAXED);
        }
        AuditParameters audit = genesis.audit();
        out.append("\n[audit]   # docs/chain.md §5, §6\n");
        line(out, "challenge_delay", audit.challengeDelay());
        line(out, "opening_window", audit.openingWindow());
        line(out, "windows", audit.windows());
        line(out, "width", audit.width());
        line(out, "maturity", audit.maturity());
        line(out, "tip_window", audit.tipWindow());
        line(out, "audit_bytes", audit.auditBytes());
        line(out, "late_bounty", audit.lateBounty());
        line(out, "evidence_bounty_share", audit.evidenceBountyShare());
        for (GenesisAccount allocation : genesis.allocations()) {
            out.append("\n[account ").append(allocation.key().hex()).append("]\n");
            line(out, "balance", allocation.balance());
            line(out, "stake", allocation.stake());
        }
        int number = 1;
        for (GenesisDataset dataset : genesis.datasets()) {
            out.append("\n[dataset dataset-").append(number++).append("]   # id ").append(dataset.id().hash().hex())
                    .append('\n');
            line(out, "root", dataset.id().root().hex());
            line(out, "size", dataset.id().size());
            line(out, "features", dataset.features());
            line(out, "classes", dataset.classes());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Object value) {
        out.append(name).append(" = ").append(value).append('\n');
    }
}
