package org.pouw.cli.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.model.StackText;

/**
 * The text form of an {@link Architecture} used by {@code --arch}:
 * <ul>
 *   <li>{@code mlp:784-128-64-10} — inputs, hidden widths, classes;</li>
 *   <li>{@code cnn:28x28x1-8c5-p2-64-10} — input height×width×channels, filters {@code c} kernel, max-pool size,
 *       an optional hidden dense width, classes;</li>
 *   <li>a stack in {@link StackText}'s form: {@code resnet8}, {@code resnet20}, {@code char-transformer},
 *       {@code resnet:…}, {@code transformer:…} or {@code stack:HxWxC:LAYER,…}.</li>
 * </ul>
 * The activation and dropout come from their own options, because they are not part of the shape.
 */
public final class ArchitectureSpec {
    static final String OPTION = "--arch";
    private static final Pattern MLP = Pattern.compile("mlp:(\\d{1,9}(?:-\\d{1,9})+)");
    private static final Pattern CNN = Pattern.compile(
            "cnn:(\\d{1,5})x(\\d{1,5})x(\\d{1,3})-(\\d{1,5})c(\\d{1,5})-p(\\d{1,5})(?:-(\\d{1,9}))?-(\\d{1,9})");

    private ArchitectureSpec() {
    }

    static Architecture parse(String text, Activation activation, float dropout) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (StackText.names(spec)) {
                BadOption.require(dropout == 0f, "--dropout", "0 for a stack (only the mlp has dropout layers)", dropout);
                return StackText.parse(spec);
            }
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
            if (cnn.matches()) {
                BadOption.require(dropout == 0f, "--dropout", "0 for a cnn (only the mlp has dropout layers)", dropout);
                int hidden = cnn.group(7) == null ? 0 : Integer.parseInt(cnn.group(7));
                return new CnnArchitecture(number(cnn, 1), number(cnn, 2), number(cnn, 3), number(cnn, 4),
                        number(cnn, 5), number(cnn, 6), hidden, activation, number(cnn, 8));
            }
        } catch (InvalidSpecException e) {
            throw new BadOption(OPTION, "'" + text + "': " + e.getMessage());
        }
        throw new BadOption(OPTION, "'" + text + "' is not mlp:IN-H1-…-CLASSES (e.g. mlp:784-128-64-10) "
                + "or cnn:HxWxC-FcK-pP[-HIDDEN]-CLASSES (e.g. cnn:28x28x1-8c5-p2-64-10) or a stack (resnet8, resnet20, "
                + "char-transformer, resnet:…, transformer:…, stack:HxWxC:LAYER,…; docs/ml.md)");
    }

    /** The inverse of {@link #parse}, for printing what was trained. */
    public static String format(Architecture architecture) {
        return switch (architecture) {
            case MlpArchitecture mlp -> {
                StringBuilder text = new StringBuilder("mlp:").append(mlp.inputs());
                mlp.hidden().forEach(width -> text.append('-').append(width));
                yield text.append('-').append(mlp.classes()).toString();
            }
            case CnnArchitecture cnn -> "cnn:" + cnn.height() + "x" + cnn.width() + "x" + cnn.channels() + "-"
                    + cnn.filters() + "c" + cnn.kernel() + "-p" + cnn.pool()
                    + (cnn.hidden() > 0 ? "-" + cnn.hidden() : "") + "-" + cnn.classes();
            case StackArchitecture stack -> StackText.format(stack);
        };
    }

    /** The activation and dropout, which {@link #format} leaves out. */
    public static String describe(Architecture architecture) {
        return switch (architecture) {
            case MlpArchitecture mlp -> format(mlp) + " " + name(mlp.activation())
                    + (mlp.dropout() > 0f ? " dropout " + mlp.dropout() : "");
            case CnnArchitecture cnn -> format(cnn) + " " + name(cnn.activation());
            case StackArchitecture stack -> format(stack) + " (" + stack.parameterCount() + " parameters)";
        };
    }

    static String name(Activation activation) {
        return activation.name().toLowerCase(Locale.ROOT);
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }
}
