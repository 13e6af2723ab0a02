package org.pouw.cli.ml;

import java.util.Locale;
import org.pouw.ml.train.Evaluation;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An {@link Evaluation} as people read it (summary, per-class table, confusion matrix) and as JSON. */
final class EvaluationReport {
    private EvaluationReport() {
    }

    static String text(Evaluation e) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "accuracy %.2f%% (%,d of %,d), loss %.4f%n%n", e.accuracy() * 100,
                e.correct(), e.samples(), e.meanLoss()));
        int[][] confusion = e.confusion();
        int labelWidth = Math.max(5, String.valueOf(e.classes() - 1).length());
        out.append(String.format(Locale.ROOT, "%" + labelWidth + "s  precision  recall  support%n", "class"));
        for (int c = 0; c < e.classes(); c++) {
            out.append(String.format(Locale.ROOT, "%" + labelWidth + "d  %8.1f%%  %5.1f%%  %7d%n", c,
                    e.precision(c) * 100, e.recall(c) * 100, support(confusion, c)));
        }
        out.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: actual class, columns: predicted; . is 0)%n"));
        out.append(confusionTable(confusion));
        return out.toString().stripTrailing();
    }

    /** A right-aligned grid; zeros print as "." so the mistakes off the diagonal stand out. */
    static String confusionTable(int[][] confusion) {
        int max = 0;
        for (int[] row : confusion) {
            for (int count : row) {
                max = Math.max(max, count);
            }
        }
        int width = Math.max(String.valueOf(max).length(), String.valueOf(confusion.length - 1).length()) + 1;
        int labelWidth = String.valueOf(confusion.length - 1).length() + 1;
        StringBuilder out = new StringBuilder(" ".repeat(labelWidth + 1));
        for (int c = 0; c < confusion.length; c++) {
            out.append(pad(String.valueOf(c), width));
        }
        out.append('\n');
        for (int a = 0; a < confusion.length; a++) {
            out.append(pad(String.valueOf(a), labelWidth)).append(' ');
            for (int count : confusion[a]) {
                out.append(pad(count == 0 ? "." : String.valueOf(count), width));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static ObjectNode json(Evaluation e) {
        ObjectNode node = MlJson.object().put("samples", e.samples()).put("correct", e.correct())
                .put("accuracy", e.accuracy());
        MlJson.putNumber(node, "loss", e.meanLoss());
        int[][] confusion = e.confusion();
        ArrayNode classes = node.putArray("classes");
        for (int c = 0; c < e.classes(); c++) {
            classes.addObject().put("class", c).put("precision", e.precision(c)).put("recall", e.recall(c))
                    .put("support", support(confusion, c));
        }
        ArrayNode matrix = node.putArray("confusion");
        for (int[] row : confusion) {
            ArrayNode counts = matrix.addArray();
            for (int count : row) {
                counts.add(count);
            }
        }
        return node;
    }

    private static long support(int[][] confusion, int c) {
        long total = 0;
        for (int count : confusion[c]) {
            total += count;
        }
        return total;
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
