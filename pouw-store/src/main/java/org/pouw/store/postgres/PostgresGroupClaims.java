package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;
import org.pouw.store.jdbc.JobRows;
import org.pouw.store.jdbc.SqlSession;

/**
 * A group of claims served by one statement (issue 26, item 4): the orders go to the database function
 * {@code claim_jobs_for_group} (migration V19, with the workers' capacities since V20 their paces since V37 and their
 * cores and accelerators since V38) as parallel arrays, and it serves them in order, so the group costs one round trip
 * however many orders it holds. A claim on its own is a group of one: the function's scans read by index whatever the
 * planner's statistics say (V35), which a statement of its own could not promise.
 */
final class PostgresGroupClaims {
    private static final String CLAIM_GROUP = "SELECT " + JobRows.columns("(g.claimed)") + ", g.order_no"
            + " FROM claim_jobs_for_group(?::text[], ?::bigint[], ?::text[], ?::integer[], ?::text[], ?::integer[],"
            + " ?::text[], ?::integer[], ?::text[], ?, ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])"
            + " AS g";
    /** The column the order's 1-based position comes back in, after the job's columns. */
    private static final int POSITION_COLUMN = JobRows.COLUMNS.split(", ").length + 1;

    private final SqlSession sql;

    PostgresGroupClaims(SqlSession sql) {
        this.sql = sql;
    }

    List<List<Job>> claimEach(List<HolderClaim> claims, long nowMs, Supplier<String> tokens) {
        List<String> holders = new ArrayList<>(claims.size());
        List<Long> expiries = new ArrayList<>(claims.size());
        List<String> excluded = new ArrayList<>(claims.size());
        List<Integer> counts = new ArrayList<>(claims.size());
        List<String> fresh = new ArrayList<>();
        List<Integer> kindCounts = new ArrayList<>(claims.size());
        List<String> kinds = new ArrayList<>();
        List<Integer> tierCounts = new ArrayList<>(claims.size());
        List<String> tiers = new ArrayList<>();
        List<Long> minRewards = new ArrayList<>(claims.size());
        List<Long> memories = new ArrayList<>(claims.size());
        List<Long> largestJobs = new ArrayList<>(claims.size());
        List<Long> paces = new ArrayList<>(claims.size());
        List<Long> cores = new ArrayList<>(claims.size());
        List<Long> accelerators = new ArrayList<>(claims.size());
        for (HolderClaim claim : claims) {
            ClaimRequest request = claim.request();
            int wanted = Math.max(0, request.maxJobs());
            holders.add(claim.holder());
            expiries.add(nowMs + request.leaseMs());
            excluded.add(request.offerFailedAgain() ? "" : claim.holder()); // no attempt is by "": none held back
            counts.add(wanted);
            for (int i = 0; i < wanted; i++) {
                String token = tokens.get();
                if (token == null || token.isEmpty()) {
                    throw new IllegalStateException("the lease token supplier gave an empty token");
                }
                fresh.add(token);
            }
            kindCounts.add(request.kinds().size());
            kinds.addAll(request.kinds());
            tierCounts.add(request.tiers().size());
            request.tiers().stream().map(Tier::wire).forEach(tiers::add);
            minRewards.add(request.minReward());
            memories.add(request.capacity().memoryMb()); // 0: undeclared, no filter
            largestJobs.add(request.capacity().maxWorkUnits());
            paces.add(request.capacity().pacePermille()); // 0: no time filter (V37)
            cores.add((long) request.capacity().coresOffered()); // 1 when undeclared (V38)
            accelerators.add(request.capacity().accelerators()); // the set it has; none when undeclared
        }
        List<List<Job>> claimed = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            claimed.add(new ArrayList<>());
        }
        List<Placed> rows = sql.list(CLAIM_GROUP, row -> new Placed(row.getInt(POSITION_COLUMN), JobRows.read(row)),
                sql.textArray(holders), sql.longArray(expiries), sql.textArray(excluded), sql.intArray(counts),
                sql.textArray(fresh), sql.intArray(kindCounts), sql.textArray(kinds), sql.intArray(tierCounts),
                sql.textArray(tiers), nowMs, sql.longArray(minRewards), sql.longArray(memories),
                sql.longArray(largestJobs), sql.longArray(paces), sql.longArray(cores), sql.longArray(accelerators));
        for (Placed placed : rows) {
            claimed.get(placed.position() - 1).add(placed.job());
        }
        List<List<Job>> answers = new ArrayList<>(claims.size());
        for (List<Job> jobs : claimed) {
            jobs.sort((a, b) -> Long.compare(a.createdSeq(), b.createdSeq()));
            answers.add(List.copyOf(jobs));
        }
        return answers;
    }

    /** A claimed job and the 1-based position of the order that got it. */
    private record Placed(int position, Job job) {
    }
}
