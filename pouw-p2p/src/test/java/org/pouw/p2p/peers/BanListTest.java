package org.pouw.p2p.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BanListTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));
    private final InstantSource clock = now::get;

    @Test
    void aBanHoldsUntilTheClockPassesItsEndThenLeavesTheBook() {
        PeerBook book = new InMemoryPeerBook();
        BanList bans = new BanList(book, clock);
        bans.ban("did:key:z6MkA", Duration.ofHours(1), "malformed");

        assertThat(bans.isBanned("did:key:z6MkA")).isTrue();
        assertThat(bans.isBanned("did:key:z6MkB")).isFalse();
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(bans.isBanned("did:key:z6MkA")).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(bans.isBanned("did:key:z6MkA")).isFalse();
        assertThat(book.bans()).isEmpty();
    }

    @Test
    void bansSurviveARestartThroughTheBook() {
        PeerBook book = new InMemoryPeerBook();
        new BanList(book, clock).ban("203.0.113.5", Duration.ofDays(1), "oversized");

        BanList afterRestart = new BanList(book, clock);

        assertThat(afterRestart.isBanned("203.0.113.5")).isTrue();
        assertThat(afterRestart.active()).singleElement().satisfies(ban -> {
            assertThat(ban.reason()).isEqualTo("oversized");
            assertThat(ban.until()).isEqualTo(now.get().plus(Duration.ofDays(1)));
        });
    }

    @Test
    void unbanLiftsAtOnce() {
        PeerBook book = new InMemoryPeerBook();
        BanList bans = new BanList(book, clock);
        bans.ban("203.0.113.5", Duration.ofDays(1), "oversized");

        bans.unban("203.0.113.5");

        assertThat(bans.isBanned("203.0.113.5")).isFalse();
        assertThat(book.bans()).isEmpty();
    }

    @Test
    void aBanMustLast() {
        BanList bans = new BanList(new InMemoryPeerBook(), clock);
        assertThatThrownBy(() -> bans.ban("x", Duration.ZERO, "r")).hasMessageContaining("more than zero");
        assertThatThrownBy(() -> new Ban(" ", now.get(), "r")).hasMessageContaining("subject");
    }

    @Test
    void scoresAddUpToTheThresholdAndAreForgotten() {
        PeerScores scores = new PeerScores();
        for (int i = 0; i < 9; i++) {
            assertThat(scores.record("p", Offence.FLOODING)).isFalse();
        }
        assertThat(scores.record("p", Offence.FLOODING)).isTrue();
        assertThat(scores.score("q")).isZero();
        scores.forget("p");
        assertThat(scores.score("p")).isZero();
        assertThat(scores.record("p", Offence.MALFORMED)).as("one malformed frame is enough").isTrue();
    }
}
