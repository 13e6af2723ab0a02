package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;

/** What every {@link org.pouw.core.port.EventLog} adapter must do, run against each database by a subclass. */
public abstract class EventLogContract extends StorageTestBase {

    private Event append(String type, long atMs) {
        return storage.write((StoreTx tx) -> tx.events().append(new EventDraft(type, "job-" + type, "intent",
                "{\"t\":\"" + type + "\"}"), atMs));
    }

    private List<Event> after(long seq, int limit) {
        return storage.read((StoreTx tx) -> tx.events().after(seq, limit));
    }

    /**
     * Whether an append returns the number its event gets. PostgreSQL numbers events after their transaction ends
     * (so no writer holds a lock through its commit); its appends return seq 0, and the event is readable, numbered,
     * once the write has returned.
     */
    protected boolean numbersAtAppend() {
        return true;
    }

    /** The event as the append returned it, given the number it was read back with. */
    private Event asAppended(Event read) {
        return numbersAtAppend() ? read
                : new Event(0, read.type(), read.jobId(), read.intentId(), read.data(), read.atMs());
    }

    @Test
    void events_are_numbered_from_one_and_read_back_in_order() {
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isZero();
        Event first = append("a", 10);
        Event second = append("b", 20);
        Event third = append("c", 30);

        Event one = new Event(1, "a", "job-a", "intent", "{\"t\":\"a\"}", 10);
        Event two = new Event(2, "b", "job-b", "intent", "{\"t\":\"b\"}", 20);
        Event three = new Event(3, "c", "job-c", "intent", "{\"t\":\"c\"}", 30);
        assertThat(List.of(first, second, third)).containsExactly(asAppended(one), asAppended(two), asAppended(three));
        assertThat(after(0, 10)).containsExactly(one, two, three);
        assertThat(after(1, 1)).containsExactly(two);
        assertThat(after(3, 10)).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(3);
    }

    @Test
    void a_batch_takes_consecutive_numbers_in_order() {
        append("first", 5);
        List<Event> batch = storage.write((StoreTx tx) -> tx.events().appendAll(List.of(
                new EventDraft("x", "j1", "i", "{\"n\":1}"), new EventDraft("y", "", "i", "{}"),
                new EventDraft("z", "j3", "", "{\"n\":3}")), 40));
        assertThat(batch).containsExactlyElementsOf(after(1, 3).stream().map(this::asAppended).toList());
        assertThat(after(0, 10)).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(after(0, 10)).extracting(Event::type).containsExactly("first", "x", "y", "z");
        assertThat(after(1, 10).get(2).data()).isEqualTo("{\"n\":3}");
        append("last", 50);
        assertThat(after(4, 10)).extracting(Event::seq).containsExactly(5L);
        assertThat(storage.write((StoreTx tx) -> tx.events().appendAll(List.of(), 60))).isEmpty();
    }

    @Test
    void a_rolled_back_append_leaves_no_gap() {
        append("a", 1);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.events().append(new EventDraft("lost", "", "", "{}"), 2);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        append("b", 3);
        assertThat(after(0, 10)).extracting(Event::seq).containsExactly(1L, 2L);
        assertThat(after(0, 10)).extracting(Event::type).containsExactly("a", "b");
    }

    @Test
    void empty_job_and_intent_ids_are_kept_as_empty() {
        storage.write((StoreTx tx) -> tx.events().append(new EventDraft("ledger.transfer", (String) null, (String) null, null), 5));
        assertThat(after(0, 1)).containsExactly(new Event(1, "ledger.transfer", "", "", "{}", 5));
    }

    /**
     * Many writers append at once while a tailer follows with {@code after(lastSeen)}, as an SSE client does. If a
     * number could commit after a higher one, the tailer would step past it and never see it.
     */
    @Test
    void concurrent_writers_give_dense_numbers_that_a_tailer_never_skips() throws Exception {
        int writers = 6;
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<List<Long>> tailer = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long last = 0;
                while (true) {
                    boolean finalPass = !writing.get();
                    for (Event event : after(last, 50)) {
                        seen.add(event.seq());
                        last = event.seq();
                    }
                    if (finalPass && after(last, 1).isEmpty()) {
                        return seen;
                    }
                }
            });
            List<Future<?>> appenders = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                appenders.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        storage.write((StoreTx tx) -> {
                            tx.events().append(new EventDraft("w" + writer, "", "", "{}"), 1);
                            return tx.events().append(new EventDraft("w" + writer, "", "", "{}"), 1);
                        });
                    }
                }));
            }
            for (Future<?> appender : appenders) {
                appender.get();
            }
            writing.set(false);
            List<Long> expected = LongStream.rangeClosed(1, 2L * writers * each).boxed().toList();
            assertThat(tailer.get()).isEqualTo(expected);
            assertThat(after(0, 10_000)).extracting(Event::seq).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }
}
