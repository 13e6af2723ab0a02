package org.pouw.chain.genesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.MinableTask;
import org.pouw.core.PouwException;
import org.pouw.crypto.DidKey;
import org.pouw.ml.MlException;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * The genesis file, the human-editable text a chain starts from (docs/chain.md §7): {@code name = value} lines, then
 * one {@code [account KEY]} section per funded account and one {@code [task NAME]} section per task minable from
 * genesis; {@code #} starts a comment. Parsing is strict: every setting must be present once, nothing unknown is
 * allowed, and an error names the setting (as {@code section.name}) and its line. {@link #format} writes a genesis
 * back in this form, so {@code parse(format(g))} is {@code g}.
 */
public final class GenesisFile {
    public static final String FORMAT = "pouw-genesis-v1";
    private static final Pattern SECTION = Pattern.compile("\\[(account|task)\\s+([^\\]\\s]+)\\s*]");
    private static final Pattern SETTING = Pattern.compile("([a-z_]+)\\s*=\\s*(.*)");
    private static final Pattern MLP = Pattern.compile("mlp:(\\d{1,9}(?:-\\d{1,9})+)");
    private static final Pattern CNN = Pattern.compile(
            "cnn:(\\d{1,5})x(\\d{1,5})x(\\d{1,3})-(\\d{1,5})c(\\d{1,5})-p(\\d{1,5})(?:-(\\d{1,9}))?-(\\d{1,9})");

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
        top.requireAllRead();
        List<GenesisAccount> allocations = new ArrayList<>();
        List<MinableTask> tasks = new ArrayList<>();
        for (GenesisSettings section : sections.subList(1, sections.size())) {
            if (section.section().startsWith("account ")) {
                allocations.add(allocation(section));
            } else {
                tasks.add(task(section));
            }
            section.requireAllRead();
        }
        try {
            return new ChainGenesis(timestamp, bits, easiestBits, spacing, halfLife, futureLimit, alarmDepth, state,
                    block, tickets, liveness, allocations, tasks);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid("genesis", e.getMessage());
        }
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
            if (section.matches()) {
                String name = section.group(1) + " " + section.group(2);
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
                        + "'[account KEY]' or '[task NAME]': " + line);
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

    private static MinableTask task(GenesisSettings section) {
        String architectureText = section.text("architecture");
        int architectureLine = section.lastLine();
        Activation activation = named(section, "activation", Activation.class);
        float dropout = (float) section.fraction("dropout");
        Architecture architecture = architecture(section, architectureText, architectureLine, activation, dropout);
        Loss loss = named(section, "loss", Loss.class);
        OptimizerSpec optimizer = optimizer(section);
        int batch = (int) section.integer("batch_size", 1, Hyperparameters.MAX_BATCH);
        Bytes32 datasetRoot = hex(section, "dataset_root");
        int datasetSize = (int) section.integer("dataset_size", 1, Integer.MAX_VALUE);
        Bytes32 heldOutRoot = hex(section, "held_out_root");
        long seed = section.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        long steps = section.integer("steps", 1, TrainingTask.MAX_STEPS);
        TargetMetric target = target(section);
        long fee = section.integer("fee", 0, Long.MAX_VALUE);
        if (datasetSize < batch) {
            throw section.fail("dataset_size", section.lastLine(), "must be at least batch_size " + batch);
        }
        try {
            return new MinableTask(new TrainingTask(architecture, new Hyperparameters(loss, optimizer, batch),
                    datasetRoot, heldOutRoot, seed, steps, target, fee), datasetSize);
        } catch (MlException | IllegalArgumentException e) {
            throw PouwException.invalid(section.section(), e.getMessage() + " (section on line " + section.line()
                    + ")");
        }
    }

    private static Architecture architecture(GenesisSettings section, String text, int line, Activation activation,
                                             float dropout) {
        String spec = text.toLowerCase(Locale.ROOT);
        try {
            Matcher mlp = MLP.matcher(spec);
            if (mlp.matches()) {
                List<Integer> widths = new ArrayList<>();
                for (String part : mlp.group(1).split("-")) {
                    widths.add(Integer.parseInt(part));
                }
                return new MlpArchitecture(widths.getFirst(), widths.subList(1, widths.size() - 1), activation,
                        dropout, widths.getLast());
            }
            Matcher cnn = CNN.matcher(spec);
            if (cnn.matches() && dropout == 0f) {
                int[] n = new int[9];
                for (int g = 1; g <= 8; g++) {
                    n[g] = cnn.group(g) == null ? 0 : Integer.parseInt(cnn.group(g));
                }
                return new CnnArchitecture(n[1], n[2], n[3], n[4], n[5], n[6], n[7], activation, n[8]);
            }
        } catch (MlException e) {
            throw section.fail("architecture", line, e.getMessage());
        }
        throw section.fail("architecture", line, "'" + text + "' is not mlp:IN-H1-…-CLASSES or "
                + "cnn:HxWxC-FcK-pP[-HIDDEN]-CLASSES (a cnn has dropout 0)");
    }

    private static OptimizerSpec optimizer(GenesisSettings section) {
        List<String> words = section.words("optimizer");
        int line = section.lastLine();
        try {
            if (words.getFirst().equals("sgd") && words.size() == 3) {
                return new SgdMomentum(Float.parseFloat(words.get(1)), Float.parseFloat(words.get(2)));
            }
            if (words.getFirst().equals("adam") && words.size() == 5) {
                return new Adam(Float.parseFloat(words.get(1)), Float.parseFloat(words.get(2)),
                        Float.parseFloat(words.get(3)), Float.parseFloat(words.get(4)));
            }
        } catch (NumberFormatException | MlException e) {
            throw section.fail("optimizer", line, String.join(" ", words) + ": " + e.getMessage());
        }
        throw section.fail("optimizer", line, "must be 'sgd LEARNING_RATE MOMENTUM' or "
                + "'adam LEARNING_RATE BETA1 BETA2 EPSILON', got '" + String.join(" ", words) + "'");
    }

    private static TargetMetric target(GenesisSettings section) {
        List<String> words = section.words("target");
        int line = section.lastLine();
        try {
            if (words.size() == 2 && (words.get(0).equals("accuracy") || words.get(0).equals("loss"))) {
                return new TargetMetric(TargetMetric.Metric.valueOf(words.get(0).toUpperCase(Locale.ROOT)),
                        Double.parseDouble(words.get(1)));
            }
        } catch (NumberFormatException | MlException e) {
            throw section.fail("target", line, String.join(" ", words) + ": " + e.getMessage());
        }
        throw section.fail("target", line, "must be 'accuracy AT_LEAST' or 'loss AT_MOST'");
    }

    private static <E extends Enum<E>> E named(GenesisSettings section, String name, Class<E> type) {
        String value = section.text(name);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw section.fail(name, section.lastLine(), "must be one of " + allowed + ", got '" + value + "'");
    }

    private static Bytes32 hex(GenesisSettings section, String name) {
        String value = section.text(name);
        if (!value.matches("[0-9a-f]{64}")) {
            throw section.fail(name, section.lastLine(), "must be 64 lower-case hexadecimal digits");
        }
        return Bytes32.fromHex(value);
    }

    /** The genesis as a file {@link #parse} reads back to it; tasks are named task-1, task-2, … in id order. */
    public static String format(ChainGenesis genesis) {
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
        for (GenesisAccount allocation : genesis.allocations()) {
            out.append("\n[account ").append(allocation.key().hex()).append("]\n");
            line(out, "balance", allocation.balance());
            line(out, "stake", allocation.stake());
        }
        int number = 1;
        for (MinableTask minable : genesis.tasks()) {
            TrainingTask task = minable.task();
            out.append("\n[task task-").append(number++).append("]   # id ").append(task.id().hex()).append('\n');
            Activation activation = switch (task.architecture()) {
                case MlpArchitecture mlp -> mlp.activation();
                case CnnArchitecture cnn -> cnn.activation();
            };
            line(out, "architecture", architectureText(task.architecture()));
            line(out, "activation", activation.name().toLowerCase(Locale.ROOT));
            line(out, "dropout", task.architecture() instanceof MlpArchitecture mlp ? mlp.dropout() : 0f);
            line(out, "loss", task.hyperparameters().loss().name().toLowerCase(Locale.ROOT));
            line(out, "optimizer", switch (task.hyperparameters().optimizer()) {
                case SgdMomentum sgd -> "sgd " + sgd.learningRate() + " " + sgd.momentum();
                case Adam adam -> "adam " + adam.learningRate() + " " + adam.beta1() + " " + adam.beta2() + " "
                        + adam.epsilon();
            });
            line(out, "batch_size", task.hyperparameters().batchSize());
            line(out, "dataset_root", task.datasetRoot().hex());
            line(out, "dataset_size", minable.datasetSize());
            line(out, "held_out_root", task.heldOutRoot().hex());
            line(out, "seed", task.seed());
            line(out, "steps", task.steps());
            line(out, "target", task.target().metric().name().toLowerCase(Locale.ROOT) + " "
                    + task.target().threshold());
            line(out, "fee", task.fee());
        }
        return out.toString();
    }

    private static String architectureText(Architecture architecture) {
        return switch (architecture) {
            case MlpArchitecture mlp -> {
                StringBuilder text = new StringBuilder("mlp:").append(mlp.inputs());
                mlp.hidden().forEach(width -> text.append('-').append(width));
                yield text.append('-').append(mlp.classes()).toString();
            }
            case CnnArchitecture cnn -> "cnn:" + cnn.height() + "x" + cnn.width() + "x" + cnn.channels() + "-"
                    + cnn.filters() + "c" + cnn.kernel() + "-p" + cnn.pool()
                    + (cnn.hidden() > 0 ? "-" + cnn.hidden() : "") + "-" + cnn.classes();
        };
    }

    private static void line(StringBuilder out, String name, Object value) {
        out.append(name).append(" = ").append(value).append('\n');
    }
}
