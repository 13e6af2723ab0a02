package org.pouw.bench.console;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.IntentList;
import org.pouw.client.jobs.JobFilter;
import org.pouw.client.jobs.JobPage;
import org.pouw.client.system.QueueCounts;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.PlannedJob;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import org.pouw.store.SqliteQueryPlans;
import org.pouw.store.jdbc.JobListStatement;
import org.pouw.store.sqlite.SqliteStorage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's first view with 100,000 jobs in the store (issue 29: "server-side paging that stays fast with 100,000
 * jobs"; the first view's weight). A node on SQLite is grown through its own store — intents of 100 cheap jobs each,
 * opened in the market as a client's intents are — to {@code --jobs} jobs (setup, printed apart, kept in
 * {@code --data-dir} between runs). Then, measured:
 * <ul>
 *   <li>the jobs list's pages over real HTTP ({@code GET /v1/pouw/jobs}, 25 rows, newest first as the console asks):
 *       the first page, and {@code --pages} pages walked by cursor, for each filter shape the console offers — none,
 *       a status, a tier and a kind every job has and one none has (the walk's worst case: no row matches, so a
 *       filter without an index of its own reads every job), a prover with no attempt; median and maximum a page;
 *       the first page is timed apart (it carries the JIT's warm-up on a fresh node);</li>
 *   <li>SQLite's plan for each shape ({@code EXPLAIN QUERY PLAN} on the store's own SQL text);</li>
 *   <li>the first view in headless Chromium (pouw-node/src/test/browser/console-first-view.mjs, a fresh context a
 *       round): time until the overview shows the queue, bytes and requests on the wire, and the jobs view's first
 *       page; medians of {@code --rounds}.</li>
 * </ul>
 * <pre>
 * ./mvnw -q -B -o -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.console.ConsoleFirstViewBenchmark \
 *      --jobs 100000 --rounds 5 --pages 20 --data-dir /var/tmp/pouw-console-bench
 * </pre>
 * {@code --chromium} (default /usr/bin/chromium) and {@code --playwright} (default
 * .tools/playwright/node_modules/playwright-core, as scripts/install-test-tools.sh installs it) name the browser and
 * its driver; {@code --rounds 0} skips the browser.
 */
public final class ConsoleFirstViewBenchmark {
    private static final String CHEAP_PROGRAM = "li r0 7\nhalt\n";
    private static final int JOBS_PER_INTENT = 100;
    private static final int PAGE_ROWS = 25;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> options;
    private PouwNode node;
    private String base;
    private PouwClient api;

    private ConsoleFirstViewBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("jobs", "100000", "rounds", "5", "pages", "20",
                "chromium", "/usr/bin/chromium", "playwright", ".tools/playwright/node_modules/playwright-core",
                "script", "pouw-node/src/test/browser/console-first-view.mjs"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("data-dir")) {
            options.put("data-dir", Files.createTempDirectory("pouw-console-bench").toString());
        }
        System.exit(new ConsoleFirstViewBenchmark(options).run());
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private int run() throws Exception {
        Path dir = Path.of(options.get("data-dir"));
        Files.createDirectories(dir);
        Ed25519.KeyPair client = KeyFile.loadOrCreate(dir.resolve("bench-client.key"));
        Path dataDir = dir.resolve("node");
        Map<String, String> settings = new HashMap<>(Map.of("data_dir", dataDir.toString(), "http.port", "0",
                "pouw_mode", "remote", "genesis", client.did() + "=" + Long.MAX_VALUE / 4,
                "rate_limits.enabled", "false", "market.job_ttl_ms", Long.toString(30L * 24 * 3_600_000)));
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
        base = "http://127.0.0.1:" + node.port();
        api = new PouwClient(URI.create(base), client, Duration.ofSeconds(60), Clock.system());
        try {
            System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s; load average at start %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
            grow(client, option("jobs"));
            paging(client);
            plans(dataDir.resolve(SqliteStorage.FILE_NAME));
            if (option("rounds") > 0) {
                return browser();
            }
            return 0;
        } finally {
            api.close();
            node.close();
        }
    }

    /** Opens intents of 100 cheap jobs through the store until the node holds {@code target} jobs. */
    private void grow(Ed25519.KeyPair client, long target) throws Exception {
        long started = System.nanoTime();
        long before = jobCount();
        PlannedJob cheap = new ProgramExecution(node.storage().blobs()).execute(CHEAP_PROGRAM, new long[0], 10,
                Tier.MACRO, 16).jobs().get(0);
        long count = before;
        while (count < target) {
            int jobs = (int) Math.min(JOBS_PER_INTENT, target - count);
            node.market().open(new IntentDraft(Did.of(client.did().toString()), "", "[]", 10, Tier.MACRO,
                    jobs * 10L, "[]", 1, cheap.traceHash(), cheap.traceRef(), Collections.nCopies(jobs, cheap)));
            count += jobs;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "setup: %,d jobs in the store (%,d before; added through the store in %.0f s,"
                + " %s)%n", jobCount(), before, seconds, count == before ? "none added"
                : String.format(Locale.ROOT, "%.0f jobs/s: intents of %d jobs opened one at a time",
                        (count - before) / seconds, JOBS_PER_INTENT));
    }

    private long jobCount() {
        QueueCounts queue = api.system().status().queue();
        return queue.pending() + queue.inProgress() + queue.completed() + queue.failed() + queue.expired()
                + queue.deadLetter();
    }

    /** Each filter shape's first page and {@code --pages} pages by cursor, timed one HTTP request at a time. */
    private void paging(Ed25519.KeyPair client) throws Exception {
        JobFilter newest = JobFilter.all().withLimit(PAGE_ROWS).newestFirst();
        Map<String, JobFilter> shapes = new LinkedHashMap<>();
        shapes.put("no filter", newest);
        shapes.put("status=pending (every job)", newest.withStatus("pending"));
        shapes.put("status=completed (no job)", newest.withStatus("completed"));
        shapes.put("tier=macro (every job)", newest.withTier("macro"));
        shapes.put("tier=micro (no job)", newest.withTier("micro"));
        shapes.put("kind=reexec (every job)", newest.withKind("reexec"));
        shapes.put("kind=ml-train (no job)", newest.withKind("ml-train"));
        shapes.put("prover=<a did with no attempt>", newest.withProver(client.did().toString()));
        shapes.put("status=pending&tier=micro (no job)", newest.withStatus("pending").withTier("micro"));
        shapes.put("tier=macro&kind=ml-train (no job)", newest.withTier("macro").withKind("ml-train"));
        shapes.put("status=pending&prover=<no attempt>", newest.withStatus("pending")
                .withProver(client.did().toString()));
        for (Map.Entry<String, JobFilter> shape : shapes.entrySet()) {
            List<Double> millis = new ArrayList<>();
            String cursor = null;
            int rows = 0;
            for (int page = 0; page < option("pages"); page++) {
                long started = System.nanoTime();
                JobPage answer = api.jobs().list(shape.getValue().withCursor(cursor));
                millis.add((System.nanoTime() - started) / 1e6);
                rows += answer.jobs().size();
                cursor = answer.nextCursor();
                if (cursor == null || cursor.isEmpty()) {
                    break;
                }
            }
            double first = millis.getFirst();
            Collections.sort(millis);
            System.out.printf(Locale.ROOT, "RESULT jobs page (%d rows, newest first) %-36s first %.1f ms; %d pages:"
                            + " median %.1f ms, max %.1f ms; %,d rows%n", PAGE_ROWS, shape.getKey(), first,
                    millis.size(), millis.get(millis.size() / 2), millis.getLast(), rows);
        }
        // Any kind (the list as before V36), a kind every intent has, one none has: a page's cost is its rows (an
        // intent's 100 jobs are read for each row), whatever the filter.
        for (String kind : java.util.Arrays.asList(null, "reexec", "vm-stark")) {
            List<Double> millis = new ArrayList<>();
            String cursor = null;
            int rows = 0;
            for (int page = 0; page < option("pages"); page++) {
                long started = System.nanoTime();
                IntentList answer = api.intents().mine(PAGE_ROWS, cursor, kind);
                millis.add((System.nanoTime() - started) / 1e6);
                rows += answer.intents().size();
                cursor = answer.nextCursor().orElse(null);
                if (cursor == null) {
                    break;
                }
            }
            Collections.sort(millis);
            System.out.printf(Locale.ROOT, "RESULT intents page (%d rows, newest first) kind=%-10s %d pages: median"
                    + " %.1f ms, max %.1f ms; %,d rows%n", PAGE_ROWS, kind == null ? "(any)" : kind, millis.size(), millis.get(millis.size() / 2),
                    millis.getLast(), rows);
        }
    }

    /** SQLite's plan for the list's SQL shapes (the store's own text, JobListStatement), on a second connection. */
    private static void plans(Path database) throws Exception {
        Map<String, JobQuery> shapes = new LinkedHashMap<>();
        shapes.put("no filter", new JobQuery(null, null, null, null, null, true, 0, PAGE_ROWS));
        shapes.put("status", new JobQuery(JobStatus.COMPLETED, null, null, null, null, true, 0, PAGE_ROWS));
        shapes.put("tier", new JobQuery(null, Tier.MICRO, null, null, null, true, 0, PAGE_ROWS));
        shapes.put("kind", new JobQuery(null, null, "ml-train", null, null, true, 0, PAGE_ROWS));
        shapes.put("prover", new JobQuery(null, null, null, null, "x", true, 0, PAGE_ROWS));
        shapes.put("status+tier", new JobQuery(JobStatus.PENDING, Tier.MICRO, null, null, null, true, 0, PAGE_ROWS));
        Map<String, String> filled = new LinkedHashMap<>();
        shapes.forEach((name, query) -> filled.put(name, JobListStatement.of(query).withLiterals()));
        filled.put("intents of a kind", JobListStatement.intentsOfKind().replace("?", "'x'")
                .replace("LIMIT 'x'", "LIMIT 25"));
        filled.put("queue counts", "SELECT status, count(*) FROM jobs GROUP BY status");
        SqliteQueryPlans.explain(database, filled).forEach((name, steps) ->
                System.out.printf(Locale.ROOT, "plan %-18s %s%n", name + ":", String.join(" | ", steps)));
    }


    /** Runs the browser script and prints the medians of its rounds. */
    private int browser() throws Exception {
        ProcessBuilder script = new ProcessBuilder("node", Path.of(options.get("script")).toAbsolutePath().toString())
                .redirectErrorStream(true);
        script.environment().putAll(Map.of("POUW_BASE", base, "POUW_CHROMIUM", options.get("chromium"),
                "POUW_PLAYWRIGHT_DIR", Path.of(options.get("playwright")).toAbsolutePath().toString(),
                "POUW_ROUNDS", options.get("rounds")));
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        List<JsonNode> rounds = new ArrayList<>();
        for (String line : output.lines().toList()) {
            System.out.println("  " + line);
            if (line.startsWith("{")) {
                rounds.add(JSON.readTree(line));
            }
        }
        if (exit != 0 || rounds.isEmpty()) {
            System.out.println("the browser script failed (exit " + exit + ")");
            return 1;
        }
        System.out.printf(Locale.ROOT, "RESULT first view (overview) with %,d jobs, fresh cache, median of %d rounds:"
                        + " %.0f ms to the queue's figures, %,.0f bytes in %.0f requests; jobs view's first page"
                        + " %.0f ms"
                        + " (%.0f rows); load average at the end %s%n", jobCount(), rounds.size(),
                median(rounds, "overview_ms"), median(rounds, "bytes"), median(rounds, "requests"),
                median(rounds, "jobs_ms"), median(rounds, "jobs_rows"), loadAverage());
        return 0;
    }

    private static double median(List<JsonNode> rounds, String field) {
        List<Double> values = new ArrayList<>(rounds.stream().map(round -> round.path(field).asDouble()).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
