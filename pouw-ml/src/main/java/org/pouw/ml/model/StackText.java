package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pouw.ml.InvalidSpecException;

/**
 * The text form of a {@link StackArchitecture}, for the CLI's {@code --arch} and the node's JSON task spec — one
 * syntax so a spec means the same in both. A preset by name, or every layer spelt out:
 * <ul>
 *   <li>{@code resnet8}, {@code resnet20}, {@code char-transformer} — the presets of {@link Presets};</li>
 *   <li>{@code resnet:HxWxC-N-W-CLASSES} — {@link Presets#resNet}, N blocks per stage, base width W;</li>
 *   <li>{@code transformer:CONTEXT-VOCAB-D-HEADS-BLOCKS} — {@link Presets#transformer};</li>
 *   <li>{@code stack:HxWxC:L,L,…} with layers {@code conv16k3s2p1} (filters, kernel, optional stride and padding),
 *       {@code bn}, {@code ln}, {@code relu}, {@code tanh}, {@code sigmoid}, {@code gelu}, {@code maxpool2},
 *       {@code gap}, {@code dense10}, {@code embed256x64}, {@code pos}, {@code attn4} or {@code causal-attn4} (heads),
 *       {@code last}, and {@code res(L,…)} or {@code res(L,…|L,…)} (body, then a shortcut; identity when absent).</li>
 * </ul>
 * Errors are {@link InvalidSpecException}s that name the layer and what was expected.
 */
public final class StackText {
    private static final Pattern RESNET = Pattern.compile("resnet:(\\d{1,4})x(\\d{1,4})x(\\d{1,4})-(\\d{1,3})-(\\d{1,4})-(\\d{1,5})");
    private static final Pattern TRANSFORMER = Pattern.compile("transformer:(\\d{1,4})-(\\d{1,5})-(\\d{1,4})-(\\d{1,2})-(\\d{1,3})");
    private static final Pattern STACK = Pattern.compile("stack:(\\d{1,4})x(\\d{1,4})x(\\d{1,4}):(.+)");
    private static final Pattern CONV = Pattern.compile("conv(\\d{1,4})k(\\d{1,2})(?:s(\\d{1,2}))?(?:p(\\d{1,2}))?");
    private static final Pattern NUMBERED = Pattern.compile("(maxpool|dense|attn|causal-attn)(\\d{1,5})");
    private static final Pattern EMBED = Pattern.compile("embed(\\d{1,5})x(\\d{1,4})");
    private static final String SYNTAX = "resnet8, resnet20, char-transformer, resnet:HxWxC-N-W-CLASSES, "
            + "transformer:CONTEXT-VOCAB-D-HEADS-BLOCKS or stack:HxWxC:LAYER,… (see docs/ml.md)";

    private StackText() {
    }

    /** Whether {@code text} is meant as a stack (a preset name or one of the prefixes), so a caller can dispatch. */
    public static boolean names(String text) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        return spec.equals("resnet8") || spec.equals("resnet20") || spec.equals("char-transformer")
                || spec.startsWith("resnet:") || spec.startsWith("transformer:") || spec.startsWith("stack:");
    }

    /** The architecture {@code text} names; an {@link InvalidSpecException} says what is wrong with it. */
    public static StackArchitecture parse(String text) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        switch (spec) {
            case "resnet8":
                return Presets.resNet8();
            case "resnet20":
                return Presets.resNet20();
            case "char-transformer":
                return Presets.charTransformer();
            default:
                break;
        }
        Matcher resnet = RESNET.matcher(spec);
        if (resnet.matches()) {
            return Presets.resNet(number(resnet, 1), number(resnet, 2), number(resnet, 3), number(resnet, 4),
                    number(resnet, 5), number(resnet, 6));
        }
        Matcher transformer = TRANSFORMER.matcher(spec);
        if (transformer.matches()) {
            return Presets.transformer(number(transformer, 1), number(transformer, 2), number(transformer, 3),
                    number(transformer, 4), number(transformer, 5));
        }
        Matcher stack = STACK.matcher(spec);
        if (stack.matches()) {
            return new StackArchitecture(number(stack, 1), number(stack, 2), number(stack, 3), layers(stack.group(4), 0));
        }
        throw new InvalidSpecException("architecture must be " + SYNTAX + ", got '" + text + "'");
    }

    /** The inverse of {@link #parse}: a preset's name when it is one, else the {@code stack:} form. */
    public static String format(StackArchitecture architecture) {
        if (architecture.equals(Presets.resNet8())) {
            return "resnet8";
        }
        if (architecture.equals(Presets.resNet20())) {
            return "resnet20";
        }
        if (architecture.equals(Presets.charTransformer())) {
            return "char-transformer";
        }
        return "stack:" + architecture.height() + "x" + architecture.width() + "x" + architecture.channels() + ":"
                + formatList(architecture.layers());
    }

    private static String formatList(List<LayerSpec> layers) {
        List<String> parts = new ArrayList<>();
        for (LayerSpec spec : layers) {
            parts.add(format(spec));
        }
        return String.join(",", parts);
    }

    private static String format(LayerSpec spec) {
        return switch (spec) {
            case LayerSpec.Conv conv -> "conv" + conv.filters() + "k" + conv.kernel()
                    + (conv.stride() != 1 ? "s" + conv.stride() : "") + (conv.padding() != 0 ? "p" + conv.padding() : "");
            case LayerSpec.BatchNorm ignored -> "bn";
            case LayerSpec.LayerNorm ignored -> "ln";
            case LayerSpec.Act act -> act.activation().name().toLowerCase(Locale.ROOT);
            case LayerSpec.Gelu ignored -> "gelu";
            case LayerSpec.MaxPool pool -> "maxpool" + pool.size();
            case LayerSpec.GlobalAvgPool ignored -> "gap";
            case LayerSpec.Dense dense -> "dense" + dense.outputs();
            case LayerSpec.Embedding embedding -> "embed" + embedding.vocab() + "x" + embedding.dim();
            case LayerSpec.PositionalEmbedding ignored -> "pos";
            case LayerSpec.Attention attention -> (attention.causal() ? "causal-attn" : "attn") + attention.heads();
            case LayerSpec.LastPosition ignored -> "last";
            case LayerSpec.Residual residual -> "res(" + formatList(residual.body())
                    + (residual.shortcut().isEmpty() ? "" : "|" + formatList(residual.shortcut())) + ")";
        };
    }

    /** Layers separated by commas outside parentheses; {@code depth} 1 inside a residual block. */
    private static List<LayerSpec> layers(String text, int depth) {
        List<LayerSpec> specs = new ArrayList<>();
        for (String part : split(text, ',')) {
            specs.add(layer(part, depth));
        }
        return specs;
    }

    private static LayerSpec layer(String text, int depth) {
        switch (text) {
            case "bn":
                return new LayerSpec.BatchNorm();
            case "ln":
                return new LayerSpec.LayerNorm();
            case "relu":
                return new LayerSpec.Act(Activation.RELU);
            case "tanh":
                return new LayerSpec.Act(Activation.TANH);
            case "sigmoid":
                return new LayerSpec.Act(Activation.SIGMOID);
            case "gelu":
                return new LayerSpec.Gelu();
            case "gap":
                return new LayerSpec.GlobalAvgPool();
            case "pos":
                return new LayerSpec.PositionalEmbedding();
            case "last":
                return new LayerSpec.LastPosition();
            default:
                break;
        }
        Matcher conv = CONV.matcher(text);
        if (conv.matches()) {
            return new LayerSpec.Conv(number(conv, 1), number(conv, 2),
                    conv.group(3) == null ? 1 : number(conv, 3), conv.group(4) == null ? 0 : number(conv, 4));
        }
        Matcher numbered = NUMBERED.matcher(text);
        if (numbered.matches()) {
            int n = number(numbered, 2);
            return switch (numbered.group(1)) {
                case "maxpool" -> new LayerSpec.MaxPool(n);
                case "dense" -> new LayerSpec.Dense(n);
                case "attn" -> new LayerSpec.Attention(n, false);
                default -> new LayerSpec.Attention(n, true);
            };
        }
        Matcher embed = EMBED.matcher(text);
        if (embed.matches()) {
            return new LayerSpec.Embedding(number(embed, 1), number(embed, 2));
        }
        if (text.startsWith("res(") && text.endsWith(")")) {
            InvalidSpecException.require(depth == 0, "layer '" + text + "'", "outside another residual block", "a nested block");
            List<String> branches = split(text.substring(4, text.length() - 1), '|');
            InvalidSpecException.require(branches.size() <= 2, "layer '" + text + "'", "res(BODY) or res(BODY|SHORTCUT)",
                    branches.size() + " branches");
            List<LayerSpec> body = layers(branches.get(0), 1);
            List<LayerSpec> shortcut = branches.size() == 2 ? layers(branches.get(1), 1) : List.of();
            return new LayerSpec.Residual(body, shortcut);
        }
        throw new InvalidSpecException("layer '" + text + "' must be one of conv<F>k<K>[s<S>][p<P>], bn, ln, relu, tanh, "
                + "sigmoid, gelu, maxpool<N>, gap, dense<N>, embed<V>x<D>, pos, attn<H>, causal-attn<H>, last, res(…)");
    }

    /** Splits at {@code separator} outside parentheses; refuses empty parts and unbalanced parentheses. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : separator;
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                InvalidSpecException.require(depth >= 0, "layers", "balanced parentheses", "'" + text + "'");
            } else if (c == separator && depth == 0) {
                String part = text.substring(start, i);
                InvalidSpecException.require(!part.isEmpty(), "layers", "separated by single '" + separator + "'",
                        "'" + text + "'");
                parts.add(part);
                start = i + 1;
            }
        }
        InvalidSpecException.require(depth == 0, "layers", "balanced parentheses", "'" + text + "'");
        return parts;
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }
}
