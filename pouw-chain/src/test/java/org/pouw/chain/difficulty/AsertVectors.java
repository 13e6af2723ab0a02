package org.pouw.chain.difficulty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of ASERT vectors in the aserti3-2d text format: {@code ##   key: value} header lines (anchor height,
 * anchor parent time, anchor nBits), then one {@code iteration height time nBits} line per block. Rows whose height
 * does not fit a signed 64-bit number are counted in {@code rowsOutOfRange}, not kept.
 */
record AsertVectors(String name, AsertAnchor anchor, Map<String, String> header, List<Row> rows,
                    int rowsOutOfRange) {
    record Row(long height, long time, int bits) {
    }

    static AsertVectors load(String resource) {
        InputStream in = AsertVectors.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        Map<String, String> header = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        int outOfRange = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("##") && line.contains(":")) {
                    int colon = line.indexOf(':');
                    header.put(line.substring(2, colon).trim(), line.substring(colon + 1).trim());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    String[] fields = line.trim().split("\\s+");
                    if (new BigInteger(fields[1]).bitLength() > 63) {
                        outOfRange++;
                        continue;
                    }
                    rows.add(new Row(Long.parseLong(fields[1]), Long.parseLong(fields[2]), hex(fields[3])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The published runs call the anchor's parent time "ancestor time" in their first files.
        String parentTime = header.getOrDefault("anchor parent time", header.get("anchor ancestor time"));
        AsertAnchor anchor = new AsertAnchor(Long.parseLong(header.get("anchor height")), Long.parseLong(parentTime),
                hex(header.get("anchor nBits")));
        return new AsertVectors(resource, anchor, header, rows, outOfRange);
    }

    static int hex(String text) {
        return Integer.parseUnsignedInt(text.substring(2), 16);
    }
}
