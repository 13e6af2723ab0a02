package org.pouw.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A worker run as a service answers its supervisor on a port of its own (issue 25, defect 9): {@code /healthz} is
 * 200 while the claim loop runs and 503 once it has stopped, and {@code /metrics} gives the worker's totals in
 * Prometheus's text format. Separate from the node's API; it reads only the worker's own counters.
 */
public final class WorkerProbe implements AutoCloseable {
    private final HttpServer server;

    private WorkerProbe(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code host:port} (0 picks a free port) until closed.
     *
     * @param running whether the worker's loop is still claiming
     * @param totals  the worker's counters at the moment of the scrape
     */
    public static WorkerProbe start(String host, int port, BooleanSupplier running,
                                    Supplier<WorkerStats.Snapshot> totals) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for the worker's metrics", e);
        }
        server.createContext("/healthz", exchange -> answer(exchange, running.getAsBoolean() ? 200 : 503,
                "application/json", running.getAsBoolean() ? "{\"status\":\"alive\"}" : "{\"status\":\"stopped\"}"));
        server.createContext("/metrics", exchange -> answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                exposition(totals.get(), running.getAsBoolean())));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> Thread.ofPlatform().daemon()
                .name("pouw-worker-probe").unstarted(runnable)));
        server.start();
        return new WorkerProbe(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The totals as Prometheus counters and gauges, every family with its HELP and TYPE. */
    static String exposition(WorkerStats.Snapshot totals, boolean running) {
        StringBuilder out = new StringBuilder(1024);
        counter(out, "pouw_worker_jobs_claimed", "jobs the node leased to this worker", totals.claimed());
        counter(out, "pouw_worker_jobs_completed", "proofs the node accepted and paid", totals.completed());
        counter(out, "pouw_worker_jobs_rejected", "proofs the node's verifier rejected", totals.rejected());
        counter(out, "pouw_worker_jobs_failed", "jobs this prover could not do", totals.failed());
        counter(out, "pouw_worker_leases_lost", "jobs abandoned because their lease moved on", totals.leasesLost());
        counter(out, "pouw_worker_jobs_released", "jobs handed back unfinished at shutdown", totals.released());
        counter(out, "pouw_worker_rewards", "rewards paid for accepted proofs, in base units", totals.totalReward());
        out.append("# HELP pouw_worker_up 1 while the claim loop runs\n# TYPE pouw_worker_up gauge\n")
                .append("pouw_worker_up ").append(running ? 1 : 0).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append("_total ").append(help).append('\n')
                .append("# TYPE ").append(name).append("_total counter\n")
                .append(name).append("_total ").append(value).append('\n');
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
