package org.pouw.ml.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads comma-separated numeric data: one record per line, the label (an integer in [0, classes)) in column
 * {@code labelColumn}, every other column a feature. An optional first header line is skipped. Numbers must be
 * plain decimals ({@code -1.5}, {@code 2e-3}); Java's looser forms — {@code NaN}, {@code Infinity}, hex floats,
 * {@code 1f} — are rejected so a dataset means the same thing to every reader. Errors give line and column.
 */
public final class CsvReader {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("\\d{1,9}");

    private final boolean header;
    private final int labelColumn;
    private final int classes;

    public CsvReader(boolean header, int labelColumn, int classes) {
        if (labelColumn < 0) {
            throw new IllegalArgumentException("label column must be >= 0, got " + labelColumn);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        }
        this.header = header;
        this.labelColumn = labelColumn;
        this.classes = classes;
    }

    public Dataset read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.getFileName().toString());
    }

    public Dataset read(byte[] bytes, String name) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(name, "not valid UTF-8 text");
        }
        String[] lines = text.split("\r?\n", -1);
        int last = lines.length;
        if (last > 0 && lines[last - 1].isEmpty()) {
            last--; // a final newline ends the last record; it does not start an empty one
        }
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int width = -1;
        for (int n = header ? 1 : 0; n < last; n++) {
            String[] cells = lines[n].split(",", -1);
            int lineNumber = n + 1;
            if (cells.length < 2) {
                throw new DatasetFormatException(name, "line " + lineNumber + ": needs a label and at least one feature");
            }
            if (width < 0) {
                width = cells.length;
            } else if (cells.length != width) {
                throw new DatasetFormatException(name, "line " + lineNumber + ": " + cells.length + " columns, earlier lines have " + width);
            }
            if (labelColumn >= cells.length) {
                throw new DatasetFormatException(name, "line " + lineNumber + ": no label column " + (labelColumn + 1));
            }
            float[] row = new float[cells.length - 1];
            int next = 0;
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (c == labelColumn) {
                    labels.add(parseLabel(cell, name, lineNumber, c + 1));
                } else {
                    row[next++] = parseNumber(cell, name, lineNumber, c + 1);
                }
            }
            features.add(row);
        }
        if (features.isEmpty()) {
            throw new DatasetFormatException(name, "no records");
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return Dataset.owning(features.toArray(new float[0][]), labelArray, classes);
    }

    private int parseLabel(String cell, String name, int line, int column) {
        if (!LABEL.matcher(cell).matches()) {
            throw new DatasetFormatException(name, "line " + line + ", column " + column + ": label '" + clip(cell) + "' is not a non-negative integer");
        }
        int label = Integer.parseInt(cell);
        if (label >= classes) {
            throw new DatasetFormatException(name, "line " + line + ", column " + column + ": label " + label + " is not below " + classes);
        }
        return label;
    }

    private static float parseNumber(String cell, String name, int line, int column) {
        if (!DECIMAL.matcher(cell).matches()) {
            throw new DatasetFormatException(name, "line " + line + ", column " + column + ": '" + clip(cell) + "' is not a decimal number");
        }
        float value = Float.parseFloat(cell);
        if (Float.isInfinite(value)) {
            throw new DatasetFormatException(name, "line " + line + ", column " + column + ": " + clip(cell) + " overflows a float");
        }
        return value;
    }

    private static String clip(String cell) {
        return cell.length() <= 40 ? cell : cell.substring(0, 40) + "…";
    }
}
