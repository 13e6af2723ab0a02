package org.pouw.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Generated classification data for CLI tests: three clusters of points in four dimensions, as CSV, label first. */
public final class ClusterCsv {
    private static final double[][] CENTRES = {{1, 1, -1, 0}, {-1, 1, 1, 0}, {0, -1, 0, 1}};

    private ClusterCsv() {
    }

    /** {@code records} points, each within {@code spread} of its class's centre in every coordinate. */
    public static Path write(Path file, int records, double spread) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < records; i++) {
            int label = random.nextInt(CENTRES.length);
            csv.append(label);
            for (double centre : CENTRES[label]) {
                csv.append(String.format(Locale.ROOT, ",%.4f", centre + spread * (random.nextDouble() * 2 - 1)));
            }
            csv.append('\n');
        }
        return Files.writeString(file, csv);
    }
}
