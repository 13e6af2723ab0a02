package org.pouw.bench.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleCpuPartsTest {
    // Stacks are leaf first, as a recording gives them.

    @Test
    void a_worker_loop_is_proving_only_under_the_prover() {
        List<String> proving = List.of("org.pouw.vm.Interpreter.runFrom", "org.pouw.kinds.reexec.ReexecKind.prove",
                "org.pouw.bench.market.MarketLoad.lambda$drain$0", "java.lang.VirtualThread.run");
        List<String> calling = List.of("tools.jackson.core.json.UTF8StreamJsonParser.nextToken",
                "org.pouw.client.NodeConnection.exchange", "org.pouw.bench.market.MarketLoad.lambda$drain$0");
        assertSorted(proving, LifecycleCpuParts.Part.WORKER_PROVING, LifecycleCpuParts.Work.INTERPRETER);
        assertSorted(calling, LifecycleCpuParts.Part.WORKER_CALLS, LifecycleCpuParts.Work.JSON);
    }

    @Test
    void a_handler_is_told_by_its_endpoint_and_verifying_apart_from_settling() {
        List<String> settling = List.of("org.postgresql.core.v3.QueryExecutorImpl.execute",
                "org.pouw.store.jdbc.SqlSession.update", "org.pouw.core.market.ProofSettling.settleTogether",
                "org.pouw.node.http.JobEndpoints.submitBatch", "io.helidon.webserver.http1.Http1Connection.handle");
        List<String> verifying = List.of("org.pouw.crypto.Blake3Hasher.compressBlock",
                "org.pouw.kinds.reexec.ReexecKind.verify", "org.pouw.core.market.ProofSettling.safeVerify",
                "org.pouw.node.http.JobEndpoints.submitBatch", "io.helidon.webserver.http1.Http1Connection.handle");
        List<String> claiming = List.of("java.util.HashMap.get", "org.pouw.core.market.ClaimGroups.serve",
                "org.pouw.node.claims.ClaimCoalescer.claim", "org.pouw.node.http.JobEndpoints.claim",
                "io.helidon.webserver.http1.Http1Connection.handle");
        assertSorted(settling, LifecycleCpuParts.Part.NODE_SUBMIT, LifecycleCpuParts.Work.JDBC);
        assertSorted(verifying, LifecycleCpuParts.Part.NODE_VERIFYING, LifecycleCpuParts.Work.HASHING);
        assertThat(LifecycleCpuParts.part(claiming)).isEqualTo(LifecycleCpuParts.Part.NODE_CLAIM);
        // plain Java inside a handler is the handler's work, not the HTTP server's, though helidon is at the root
        assertThat(LifecycleCpuParts.work(claiming)).isEqualTo(LifecycleCpuParts.Work.OTHER);
    }

    @Test
    void frames_outside_any_handler_or_loop_fall_to_the_server_the_client_or_the_jvm() {
        List<String> serverIo = List.of("sun.nio.ch.SocketDispatcher.read",
                "io.helidon.webserver.ConnectionHandler.run", "java.lang.VirtualThread.run");
        List<String> clientIo = List.of("sun.nio.ch.SocketDispatcher.write",
                "jdk.internal.net.http.SocketTube$InternalWritepublisher.write",
                "jdk.internal.net.http.HttpClientImpl$SelectorManager.run");
        List<String> scheduler = List.of("java.util.concurrent.ForkJoinPool.runWorker",
                "java.util.concurrent.ForkJoinWorkerThread.run");
        List<String> upkeep = List.of("org.pouw.core.market.ReaperPass.reap", "java.lang.Thread.run");
        assertSorted(serverIo, LifecycleCpuParts.Part.NODE_HTTP, LifecycleCpuParts.Work.NETWORK);
        assertSorted(clientIo, LifecycleCpuParts.Part.CLIENT_IO, LifecycleCpuParts.Work.NETWORK);
        assertThat(LifecycleCpuParts.part(scheduler)).isEqualTo(LifecycleCpuParts.Part.VM);
        assertThat(LifecycleCpuParts.part(upkeep)).isEqualTo(LifecycleCpuParts.Part.BACKGROUND);
    }

    private static void assertSorted(List<String> stack, LifecycleCpuParts.Part part, LifecycleCpuParts.Work work) {
        assertThat(LifecycleCpuParts.part(stack)).as("part of %s", stack).isEqualTo(part);
        assertThat(LifecycleCpuParts.work(stack)).as("work of %s", stack).isEqualTo(work);
    }
}
