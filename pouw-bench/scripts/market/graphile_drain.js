// Graphile Worker's side of market-vs-graphile.sh: queues N no-op jobs in a fresh schema, then times one worker
// pool (in this process) draining them. Prints one line "RESULT graphile <mode> jobs/s: <rate>".
//
//   node graphile_drain.js <postgres-url> <jobs> <default|batched> [concurrency]
//
// default: Graphile Worker's defaults (one job fetched and completed per statement). batched: a local queue that
// fetches jobs in batches and completions grouped into one statement, its documented high-throughput setting.
"use strict";
const { Logger, run, makeWorkerUtils } = require("graphile-worker");
const { Client } = require("pg");

const quiet = new Logger(() => () => {});

async function main() {
  const [url, jobsText, mode = "default", concurrencyText = "16"] = process.argv.slice(2);
  const jobs = Number.parseInt(jobsText, 10);
  const concurrency = Number.parseInt(concurrencyText, 10);
  if (!url || !(jobs > 0) || !["default", "batched"].includes(mode) || !(concurrency > 0)) {
    throw new Error("usage: graphile_drain.js <postgres-url> <jobs > 0> <default|batched> [concurrency > 0]");
  }
  const schema = "graphile_bench";
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();

  // The pool is sized to the concurrency in both modes (its default of 10 would starve 16 workers); logging every
  // completion would measure the terminal.
  const preset = {
    worker: { connectionString: url, schema, concurrentJobs: concurrency, maxPoolSize: concurrency + 2,
      pollInterval: 1000, crontabFile: "/dev/null" },
  };
  if (mode === "batched") {
    Object.assign(preset.worker, {
      localQueue: { size: 4 * concurrency },
      completeJobBatchDelay: 0,
      failJobBatchDelay: 0,
    });
  }
  const utils = await makeWorkerUtils({ connectionString: url, schema, logger: quiet });
  await utils.migrate();
  const chunk = 1000;
  for (let queued = 0; queued < jobs; queued += chunk) {
    const count = Math.min(chunk, jobs - queued);
    await utils.addJobs(Array.from({ length: count }, () => ({ identifier: "noop", payload: {} })));
  }

  let done = 0;
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  const started = process.hrtime.bigint();
  const runner = await run({
    preset,
    noHandleSignals: true,
    logger: quiet,
    taskList: {
      noop: async () => {
        done += 1;
        if (done === jobs) finish();
      },
    },
  });
  await finished;
  // A completion is durable once its statement committed, which may lag the task's return by a batch.
  const poll = new Client({ connectionString: url });
  await poll.connect();
  for (;;) {
    const { rows } = await poll.query(`SELECT count(*)::int AS left FROM ${schema}._private_jobs`);
    if (rows[0].left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await poll.end();
  await runner.stop();
  await utils.release();
  console.log(`RESULT graphile ${mode} jobs/s: ${(jobs / seconds).toFixed(0)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
