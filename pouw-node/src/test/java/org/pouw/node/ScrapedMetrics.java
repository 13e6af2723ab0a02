package org.pouw.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Test support: a Prometheus text-format scrape parsed into samples (name, labels, value), as a scraper reads it —
 * so a test asks for {@code pouw_pool_client_breaker_state{state="open"}} by labels rather than matching text.
 * Malformed lines fail the parse, so a scrape Prometheus could not read fails the test.
 */
record ScrapedMetrics(List<Sample> samples) {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static ScrapedMetrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                String body = line.substring(brace + 1, close);
                int i = 0;
                while (i < body.length()) {
                    int eq = body.indexOf("=\"", i);
                    String key = body.substring(i, eq);
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; body.charAt(j) != '"'; j++) {
                        char c = body.charAt(j);
                        if (c == '\\') {
                            c = body.charAt(++j) == 'n' ? '\n' : body.charAt(j);
                        }
                        value.append(c);
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (i < body.length() && body.charAt(i) == ',') {
                        i++;
                    }
                }
            } else {
                name = line.substring(0, space);
            }
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("not a metric name: " + name);
            }
            samples.add(new Sample(name, Map.copyOf(labels), Double.parseDouble(line.substring(space + 1))));
        }
        return new ScrapedMetrics(List.copyOf(samples));
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    OptionalDouble value(String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (matching.size() > 1) {
            throw new IllegalArgumentException(matching.size() + " samples of " + name + " match " + labels);
        }
        return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.getFirst().value());
    }

    /** The sum over every sample named {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).mapToDouble(Sample::value).sum();
    }
}
