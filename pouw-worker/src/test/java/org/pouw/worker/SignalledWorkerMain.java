package org.pouw.worker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pouw.core.work.WorkFailedException;
import org.pouw.crypto.KeyFile;

/**
 * A worker process for {@link WorkerSigtermIT}: JSON lines on stdout, a prover that never finishes on its own, and
 * the same shutdown hook {@code pouw worker} installs. Arguments: the node's URL and the worker's key file.
 */
public final class SignalledWorkerMain {
    private SignalledWorkerMain() {
    }

    public static void main(String[] args) throws java.io.IOException {
        WorkerOptions options = WorkerOptions.defaults(URI.create(args[0]), KeyFile.load(Path.of(args[1])))
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
