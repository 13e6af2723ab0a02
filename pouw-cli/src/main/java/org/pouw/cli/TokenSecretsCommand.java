package org.pouw.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw admin token-secrets --node A --node B …}: the check between the steps of a token secret rotation. The
 * rotation itself is the file steps of docs/operations.md (each node reads its secrets at start, and a verb that
 * wrote secret files on the operator's machine would not reach the nodes' own): this asks every node for its
 * secrets' fingerprints and says whether each accepts what every other issues, and which step may come next. Exit 5
 * when a node would refuse another's tokens.
 */
@Command(name = "token-secrets", description = "Check a token secret rotation across the nodes behind one address:"
        + " every node must accept what any of them issues.")
final class TokenSecretsCommand implements Callable<Integer> {
    @Option(names = "--node", required = true, paramLabel = "URL", description = "a node; repeat for each node")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the nodes' admin key")
    Path key;

    @Option(names = "--json", description = "print JSON for machines")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Ed25519.KeyPair admin = KeyFile.load(key);
        List<RotationCheck.NodeSecrets> secrets = new ArrayList<>();
        for (String node : nodes) {
            try (PouwClient client = new PouwClient(URI.create(node), admin, Duration.ofSeconds(30),
                    Clock.system())) {
                JsonNode answer = client.admin().tokenSecrets();
                JsonNode accepted = answer.path("accepted");
                secrets.add(new RotationCheck.NodeSecrets(node, answer.path("issuing").asString(),
                        accepted.isString() ? accepted.asString() : null));
            }
        }
        RotationCheck check = RotationCheck.of(secrets);
        ObjectNode out = JsonMapper.builder().build().createObjectNode();
        ArrayNode items = out.putArray("nodes");
        StringBuilder human = new StringBuilder();
        for (RotationCheck.NodeSecrets node : secrets) {
            items.addObject().put("node", node.node()).put("issuing", node.issuing()).put("accepted", node.accepted());
            human.append(node.node()).append("  issues ").append(node.issuing()).append("  accepts ")
                    .append(node.accepted() == null ? "-" : node.accepted()).append('\n');
        }
        out.put("safe", check.safe());
        out.put("step", check.step());
        ArrayNode problems = out.putArray("problems");
        check.problems().forEach(problems::add);
        check.problems().forEach(problem -> human.append("UNSAFE: ").append(problem).append('\n'));
        human.append(check.step());
        new Printer(json).print(out, human.toString());
        return check.safe() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
