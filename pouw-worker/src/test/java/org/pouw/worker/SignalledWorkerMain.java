package org.pouw.worker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.pouw.core.work.WorkFailedException;
import org.pouw.crypto.Ed25519;

/**
 * A worker process for {@link WorkerSigtermIT}: JSON lines on stdout, a prover that never finishes on its own, and
 * the same shutdown hook {@code pouw worker} installs. Argument: the node's URL.
 */
public final class SignalledWorkerMain {
    private SignalledWorkerMain() {
    }

    public static void main(String[] args) {
        WorkerOptions options = WorkerOptions.defaults(URI.create(args[0]), Ed25519.KeyPair.generate())
                .withShutdownGrace(Duration.ofMillis(300))
                .withIdlePolling(Duration.ofMillis(10), Duration.ofMillis(100));
        Worker worker = new Worker(options, List.of(new TestProver((item, progress) -> {
            try {
                Thread.sleep(Duration.ofHours(1));
                return new byte[0];
            } catch (InterruptedException e) {
                throw new WorkFailedException("interrupted");
            }
        })), WorkerDisplay.forStandardOutput(true));
        worker.stopOnShutdown();
        worker.run();
    }
}
