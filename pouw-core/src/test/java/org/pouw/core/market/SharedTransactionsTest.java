package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.port.Committed;

/**
 * The grouping behind shared market transactions: every order gets its own answer, orders that arrive while the
 * groups in flight are busy go together, no more groups run at once than allowed, and a group that fails sends
 * each order to be served alone so a failure reaches only its own caller.
 */
class SharedTransactionsTest {
    private static final int ORDERS = 200;

    /** Runs {@code ORDERS} orders from as many threads, all released at once; answers in order of the orders. */
    private static List<Future<String>> runAtOnce(SharedTransactions<Integer, String> shared)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ORDERS; i++) {
                int order = i;
                answers.add(callers.submit(() -> {
                    start.await();
                    return shared.run(order);
                }));
            }
            start.countDown();
        }
        return answers;
    }

    @Test
    void every_order_gets_its_own_answer_and_groups_form_while_others_are_in_flight() throws Exception {
        List<Integer> groupSizes = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch firstGroupHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SharedTransactions<Integer, String> shared = new SharedTransactions<>(orders -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            groupSizes.add(orders.size());
            inFlight.decrementAndGet();
            return orders.stream().map(order -> "answer " + order).toList();
        }, order -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            groupSizes.add(1);
            if (order == 0) {
                firstGroupHeld.countDown();
            }
            try {
                // The first lone orders hold their slots until the test has let everyone else queue up.
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return "answer " + order;
        }, 16, 2);
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            answers.add(callers.submit(() -> shared.run(0)));
            firstGroupHeld.await(60, TimeUnit.SECONDS);
            for (int i = 1; i < ORDERS; i++) {
                int order = i;
                answers.add(callers.submit(() -> shared.run(order)));
            }
            // Give the queue a moment to fill; correctness does not depend on how full it gets.
            Thread.sleep(200);
            release.countDown();
        }
        for (int i = 0; i < ORDERS; i++) {
            assertThat(answers.get(i).get()).isEqualTo("answer " + i);
        }
        assertThat(groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ORDERS);
        assertThat(groupSizes).allSatisfy(size -> assertThat(size).isBetween(1, 16));
        assertThat(groupSizes).as("orders that queued behind the held ones went together").anyMatch(size -> size > 1);
        assertThat(mostInFlight.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void a_failing_group_serves_each_order_alone_and_only_the_failing_one_sees_its_failure() throws Exception {
        AtomicInteger groupsTried = new AtomicInteger();
        SharedTransactions<Integer, String> shared = new SharedTransactions<>(orders -> {
            groupsTried.incrementAndGet();
            if (orders.contains(13)) {
                throw new IllegalStateException("order 13 is refused");
            }
            return orders.stream().map(order -> "answer " + order).toList();
        }, order -> {
            if (order == 13) {
                throw new IllegalStateException("order 13 is refused");
            }
            return "answer " + order;
        }, 8, 1);
        List<Future<String>> answers = runAtOnce(shared);
        for (int i = 0; i < ORDERS; i++) {
            if (i == 13) {
                Future<String> refused = answers.get(i);
                assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                        .hasRootCauseMessage("order 13 is refused");
            } else {
                assertThat(answers.get(i).get()).isEqualTo("answer " + i);
            }
        }
    }

    @Test
    void a_group_committed_in_doubt_is_answered_in_doubt_and_never_served_again() throws Exception {
        java.util.Map<Integer, AtomicInteger> applied = new java.util.concurrent.ConcurrentHashMap<>();
        SharedTransactions<Integer, String> shared = new SharedTransactions<>(orders -> {
            orders.forEach(order -> applied.computeIfAbsent(order, o -> new AtomicInteger()).incrementAndGet());
            if (orders.contains(13)) {
                // committed, but the wait for the synchronous standby was cancelled
                throw new PouwException(Problem.COMMIT_IN_DOUBT, "committed, perhaps not replicated");
            }
            return orders.stream().map(order -> "answer " + order).toList();
        }, order -> {
            applied.computeIfAbsent(order, o -> new AtomicInteger()).incrementAndGet();
            if (order == 13) {
                throw new PouwException(Problem.COMMIT_IN_DOUBT, "committed, perhaps not replicated");
            }
            return "answer " + order;
        }, 8, 1);
        List<Future<String>> answers = runAtOnce(shared);
        int inDoubt = 0;
        for (int i = 0; i < ORDERS; i++) {
            try {
                assertThat(answers.get(i).get()).isEqualTo("answer " + i);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(PouwException.class,
                        refused -> assertThat(refused.problem()).isEqualTo(Problem.COMMIT_IN_DOUBT));
                inDoubt++;
            }
            assertThat(applied.get(i)).as("order %d applied once", i).hasValue(1);
        }
        assertThat(inDoubt).as("order 13's whole group, whether it ran together or 13 alone").isPositive();
    }

    @Test
    void a_group_hands_its_place_on_at_the_commit_and_is_answered_after_its_publication() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch releasePublication = new CountDownLatch(1);
        CountDownLatch secondServed = new CountDownLatch(1);
        List<String> happened = new CopyOnWriteArrayList<>();
        // One place only: the second order can be served while the first publishes only if the place was handed on.
        SharedTransactions<Integer, String> shared = SharedTransactions.publishingAfter(
                orders -> new Committed<>(orders.stream().map(order -> "answer " + order).toList(), () -> { }),
                order -> new Committed<>("answer " + order, () -> {
                    if (order == 0) {
                        publishing.countDown();
                        try {
                            releasePublication.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        happened.add("published 0");
                    } else {
                        happened.add("published " + order);
                        secondServed.countDown();
                    }
                }), 16, 1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = callers.submit(() -> shared.run(0));
            assertThat(publishing.await(60, TimeUnit.SECONDS)).isTrue();
            Future<String> second = callers.submit(() -> shared.run(1));
            assertThat(secondServed.await(60, TimeUnit.SECONDS)).as("served while the first group publishes")
                    .isTrue();
            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo("answer 1");
            assertThat(first.isDone()).as("answered only after its publication").isFalse();
            releasePublication.countDown();
            assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo("answer 0");
        }
        assertThat(happened).containsExactly("published 1", "published 0");
    }

    @Test
    void bounds_are_checked() {
        assertThatThrownBy(() -> new SharedTransactions<Integer, String>(orders -> List.of(), String::valueOf, 0, 1))
                .hasMessageContaining("maxGroup");
        assertThatThrownBy(() -> new SharedTransactions<Integer, String>(orders -> List.of(), String::valueOf, 1, 0))
                .hasMessageContaining("maxInFlight");
    }
}
