package org.pouw.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * {@link GroupCommit}: callers that arrive while a batch runs share the next one, each gets its own answer (or its
 * batch's failure, and only its batch's), no caller is left waiting, and the line is bounded.
 */
class GroupCommitTest {
    /** The batches as they ran, and a gate the first batch waits at, so the test decides who arrives meanwhile. */
    private final List<List<Integer>> ran = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstMayEnd = new CountDownLatch(1);

    private Function<List<Integer>, List<String>> doubling(Integer failFor) {
        return requests -> {
            ran.add(List.copyOf(requests));
            if (ran.size() == 1) {
                awaitQuietly(firstMayEnd);
            }
            if (failFor != null && requests.contains(failFor)) {
                throw new IllegalStateException("batch with " + failFor + " failed");
            }
            return requests.stream().map(r -> "answer " + (r * 2)).toList();
        };
    }

    @Test
    void aLoneCallerRunsAtOnceAlone() {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 64, 256);
        firstMayEnd.countDown();
        assertThat(group.run(21)).isEqualTo("answer 42");
        assertThat(ran).containsExactly(List.of(21));
        assertThat(group.batches()).isEqualTo(1);
    }

    @Test
    void callersArrivingWhileABatchRunsShareTheNextAndEachGetsItsOwnAnswer() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 64, 256);
        try (ExecutorService threads = Executors.newFixedThreadPool(11)) {
            Future<String> first = threads.submit(() -> group.run(0));
            waitUntil(() -> ran.size() == 1);
            List<Future<String>> later = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int request = i;
                later.add(threads.submit(() -> group.run(request)));
            }
            waitUntil(() -> group.inLine() == 11);
            firstMayEnd.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("answer 0");
            for (int i = 1; i <= 10; i++) {
                assertThat(later.get(i - 1).get(30, TimeUnit.SECONDS)).isEqualTo("answer " + (2 * i));
            }
        }
        assertThat(ran).hasSize(2);
        assertThat(ran.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    /**
     * The wait for company: after a batch of three, the next leader waits (here without a practical bound) until three
     * are queued and runs them in one batch; run at once, it would have run alone.
     */
    @Test
    void afterABatchOfThreeTheNextLeaderWaitsForThreeAndRunsThemInOneBatch() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 64, 256, TimeUnit.SECONDS.toNanos(60));
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            batchOfThreeAfterALoneOne(group, threads);
            Future<String> leader = threads.submit(() -> group.run(4));
            waitUntil(() -> group.inLine() == 1);
            Future<String> second = threads.submit(() -> group.run(5));
            Future<String> third = threads.submit(() -> group.run(6));
            assertThat(List.of(leader.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS),
                    third.get(30, TimeUnit.SECONDS))).containsExactly("answer 8", "answer 10", "answer 12");
        }
        assertThat(ran).hasSize(3);
        assertThat(ran.get(2)).containsExactlyInAnyOrder(4, 5, 6);
    }

    /** The wait is bounded: a lone caller after a batch of three runs alone once the bound has passed. */
    @Test
    void aLeaderWhoseCompanyDoesNotComeRunsAloneAfterTheBound() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 64, 256,
                TimeUnit.MILLISECONDS.toNanos(200));
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            batchOfThreeAfterALoneOne(group, threads);
        }
        assertThat(group.run(7)).isEqualTo("answer 14");
        assertThat(ran.getLast()).containsExactly(7);
        assertThat(group.run(8)).isEqualTo("answer 16"); // after a batch of one: at once
        assertThat(ran.getLast()).containsExactly(8);
    }

    /** Runs [0] (held by the test until 1, 2 and 3 queue), then [1, 2, 3]. */
    private void batchOfThreeAfterALoneOne(GroupCommit<Integer, String> group, ExecutorService threads)
            throws Exception {
        Future<String> first = threads.submit(() -> group.run(0));
        waitUntil(() -> ran.size() == 1);
        List<Future<String>> later = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int request = i;
            later.add(threads.submit(() -> group.run(request)));
        }
        waitUntil(() -> group.inLine() == 4);
        firstMayEnd.countDown();
        first.get(30, TimeUnit.SECONDS);
        for (Future<String> f : later) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(ran.get(1)).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aFailedBatchFailsItsOwnCallersOnlyAndTheNextCallerIsServed() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(7), 64, 256);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            Future<String> first = threads.submit(() -> group.run(1));
            waitUntil(() -> ran.size() == 1);
            Future<String> failing = threads.submit(() -> group.run(7));
            Future<String> sameBatch = threads.submit(() -> group.run(8));
            waitUntil(() -> group.inLine() == 3);
            firstMayEnd.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("answer 2");
            for (Future<String> inFailedBatch : List.of(failing, sameBatch)) {
                assertThatThrownBy(() -> inFailedBatch.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("batch with 7 failed");
            }
        }
        assertThat(group.run(5)).isEqualTo("answer 10");
    }

    @Test
    void aBatchTakesAtMostMaxBatchAndTheRestFollow() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 3, 256);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            Future<String> first = threads.submit(() -> group.run(0));
            waitUntil(() -> ran.size() == 1);
            List<Future<String>> later = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                int request = i;
                later.add(threads.submit(() -> group.run(request)));
            }
            waitUntil(() -> group.inLine() == 8);
            firstMayEnd.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (int i = 1; i <= 7; i++) {
                assertThat(later.get(i - 1).get(30, TimeUnit.SECONDS)).isEqualTo("answer " + (2 * i));
            }
        }
        assertThat(ran.subList(1, ran.size())).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
        assertThat(ran.stream().mapToInt(List::size).sum()).isEqualTo(8);
    }

    @Test
    void aCallerBeyondTheLineIsRefusedAsBusy() throws Exception {
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 64, 2);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<String> first = threads.submit(() -> group.run(1));
            waitUntil(() -> ran.size() == 1);
            Future<String> second = threads.submit(() -> group.run(2));
            waitUntil(() -> group.inLine() == 2);
            assertThatThrownBy(() -> group.run(3)).isInstanceOfSatisfying(PouwException.class,
                    e -> assertThat(e.problem()).isEqualTo(Problem.BUSY));
            firstMayEnd.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("answer 2");
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("answer 4");
        }
        assertThat(ran.stream().flatMap(List::stream)).doesNotContain(3);
    }

    /** Many callers at once, many rounds: every one is answered, with its own answer, and none twice. */
    @Test
    void underContentionEveryCallerGetsItsOwnAnswerOnce() throws Exception {
        firstMayEnd.countDown();
        GroupCommit<Integer, String> group = new GroupCommit<>(doubling(null), 16, 4096);
        int callers = 2_000;
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < callers; i++) {
                int request = i;
                answers.add(threads.submit(() -> group.run(request)));
            }
            for (int i = 0; i < callers; i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("answer " + (2 * i));
            }
        }
        assertThat(ran.stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, callers).boxed().toList());
    }

    /** Polls until the condition holds, ending as soon as it does; generous, for a loaded machine. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the first batch end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
