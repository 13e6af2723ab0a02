package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Items leave at once on an idle stream, together when they queue, never twice, never lost, in order. */
class SendCoalescerTest {
    @Test
    void anItemOfferedToAnIdleStreamLeavesAtOnceAlone() {
        List<List<Integer>> sent = new ArrayList<>();
        SendCoalescer<Integer> coalescer = new SendCoalescer<>(sent::add);
        coalescer.offer(1);
        coalescer.offer(2);
        assertThat(sent).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void whatIsOfferedInsideTogetherLeavesAsOneBatchPerStreamWhenItEnds() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<String>> second = new ArrayList<>();
        SendCoalescer<Integer> a = new SendCoalescer<>(first::add);
        SendCoalescer<String> b = new SendCoalescer<>(second::add);
        SendCoalescer.together(() -> {
            for (int i = 0; i < 5; i++) {
                a.offer(i);
                b.offer("x" + i);
                SendCoalescer.together(() -> a.offer(100));     // nested: held until the outermost ends
            }
            assertThat(first).as("nothing leaves before the end").isEmpty();
        });
        assertThat(first).containsExactly(List.of(0, 100, 1, 100, 2, 100, 3, 100, 4, 100));
        assertThat(second).containsExactly(List.of("x0", "x1", "x2", "x3", "x4"));
    }

    @Test
    void itemsOfferedWhileAnotherThreadSendsGoWithItsNextBatch() throws Exception {
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> sent = new CopyOnWriteArrayList<>();
        SendCoalescer<Integer> coalescer = new SendCoalescer<>(batch -> {
            sent.add(batch);
            if (batch.contains(0)) {
                inSend.countDown();
                await(release);
            }
        });
        Thread sender = Thread.ofPlatform().start(() -> coalescer.offer(0));
        await(inSend);
        for (int i = 1; i <= 3; i++) {
            coalescer.offer(i);     // returns at once: the sending thread takes them
        }
        assertThat(sent).containsExactly(List.of(0));
        release.countDown();
        sender.join(10_000);
        assertThat(sent).containsExactly(List.of(0), List.of(1, 2, 3));
    }

    @Test
    void manyThreadsOfferingAtOnceLoseNothingAndSendNothingTwice() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        SendCoalescer<Integer> coalescer = new SendCoalescer<>(sent::addAll);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) {
                    if (i % 7 == 0) {
                        SendCoalescer.together(() -> coalescer.offer(base + 9_999));
                    } else {
                        coalescer.offer(base + i);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(sent).hasSize(4 * 5_000);
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            List<Integer> own = sent.stream().filter(i -> i >= base && i < base + 9_999).toList();
            assertThat(own).as("one thread's items keep their order").isSorted().doesNotHaveDuplicates()
                    .hasSize(5_000 - 715);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
