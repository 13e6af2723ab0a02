package org.pouw.store.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs {@code count} calls at once (each thread waits for one start signal) and returns their answers in order. */
public final class ConcurrentCalls {
    private ConcurrentCalls() {
    }

    public static <T> List<T> run(int count, IntFunction<Callable<T>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                Callable<T> one = call.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return one.call();
                }));
            }
            start.countDown();
        }
        List<T> answers = new ArrayList<>();
        for (Future<T> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }
}
