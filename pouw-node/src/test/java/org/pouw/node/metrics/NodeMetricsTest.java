package org.pouw.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.port.Storage;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/** The edge series count what they are told, and no caller-chosen value can open a new series. */
class NodeMetricsTest {
    @TempDir
    Path dir;

    @Test
    void rate_limit_denials_are_counted_by_class_and_reason_and_values_outside_the_lists_are_refused() {
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(dir))) {
            NodeMetrics metrics = new NodeMetrics(storage, List.of("reexec"));
            metrics.rateLimitDenied("claims", "address");
            metrics.rateLimitDenied("claims", "address");
            metrics.rateLimitDenied("auth", "did");
            assertThatThrownBy(() -> metrics.rateLimitDenied("claims", "203.0.113.9"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closed label lists");
            assertThatThrownBy(() -> metrics.rateLimitDenied("did:key:z6Mk", "did"))
                    .isInstanceOf(IllegalArgumentException.class);

            String scrape = metrics.registry().scrape();
            assertThat(scrape.lines().toList()).contains(
                    "pouw_rate_limit_denials_total{class=\"claims\",reason=\"address\"} 2.0",
                    "pouw_rate_limit_denials_total{class=\"auth\",reason=\"did\"} 1.0",
                    "pouw_rate_limit_denials_total{class=\"reads\",reason=\"address\"} 0.0");
            assertThat(scrape).doesNotContain("203.0.113.9").doesNotContain("did:key");
        }
    }

    @Test
    void quarantined_provers_and_open_connections_read_their_sources() {
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(dir))) {
            NodeMetrics metrics = new NodeMetrics(storage, List.of("reexec"));
            metrics.quarantinedProvers(() -> 3);
            metrics.connectionsOpen(() -> 17);
            assertThat(metrics.registry().scrape().lines().toList()).contains("pouw_provers_quarantined 3.0",
                    "pouw_http_connections_open 17.0");
        }
    }
}
