package org.pouw.cli.ml;

import java.nio.file.Path;
import org.pouw.ml.data.ByteTextReader;

/**
 * Where the records come from, as the data options said it: a directory or file ({@code data}), or an IDX
 * image/label pair; the format (null: detect it); the class count (null: the caller's default); how much to
 * hold out when there is no separate test set; for CSV, the header line and label column; for text, the window
 * length and the step between windows.
 */
public record DataSource(Path data, Path images, Path labels, DataFormat format, Integer classes, double heldOutFraction,
                  boolean csvHeader, int labelColumn, int context, int stride) {
    /** Without the text settings (their defaults: 64-byte windows, one every 4 bytes). */
    public DataSource(Path data, Path images, Path labels, DataFormat format, Integer classes, double heldOutFraction,
                      boolean csvHeader, int labelColumn) {
        this(data, images, labels, format, classes, heldOutFraction, csvHeader, labelColumn, 64, 4);
    }

    public DataSource {
        if (data == null && (images == null || labels == null)) {
            throw new BadOption("--data", "give --data DIR|FILE, or both --images FILE and --labels FILE");
        }
        if (data != null && (images != null || labels != null)) {
            throw new BadOption("--data", "give either --data or --images/--labels, not both");
        }
        if (images != null && format != null && format != DataFormat.IDX) {
            throw new BadOption("--format", "--images/--labels are IDX files, got --format " + format.option());
        }
        if (classes != null) {
            BadOption.require(classes >= 2 && classes <= 256, "--classes", "in [2, 256]", classes);
        }
        BadOption.require(heldOutFraction > 0 && heldOutFraction < 1, HeldOutSplit.OPTION, "in (0, 1)", heldOutFraction);
        BadOption.require(labelColumn >= 0, "--label-column", ">= 0", labelColumn);
        BadOption.require(context >= 1 && context <= ByteTextReader.MAX_CONTEXT, "--context", "in [1, 4096]", context);
        BadOption.require(stride >= 1 && stride <= ByteTextReader.MAX_CONTEXT, "--stride", "in [1, 4096]", stride);
    }
}
