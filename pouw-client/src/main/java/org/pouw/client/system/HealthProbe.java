package org.pouw.client.system;

import java.util.Optional;

/**
 * What one ask of {@code /healthz} or {@code /readyz} saw, whatever the answer: its HTTP status (200 alive or ready,
 * 503 not ready, anything else another program on the port) and the node's {@code Date} header, from which a caller
 * can tell how far its clock is from the node's.
 */
public record HealthProbe(int httpStatus, Optional<String> date) {
    public boolean ok() {
        return httpStatus == 200;
    }
}
