package org.pouw.p2p.peers;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The bans in force, read from the {@link PeerBook} at start and written through to it. Time is the node's own
 * clock only; a ban ends when that clock passes its end, and the expired entry is then removed from the book.
 */
public final class BanList {
    private final PeerBook book;
    private final InstantSource clock;
    private final Map<String, Ban> bans = new ConcurrentHashMap<>();
    private final List<Consumer<Ban>> watchers = new CopyOnWriteArrayList<>();

    public BanList(PeerBook book, InstantSource clock) {
        this.book = book;
        this.clock = clock;
        for (Ban ban : book.bans()) {
            bans.put(ban.subject(), ban);
        }
    }

    public void ban(String subject, Duration duration, String reason) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a ban lasts more than zero, got " + duration);
        }
        Ban ban = new Ban(subject, clock.instant().plus(duration), reason);
        bans.put(subject, ban);
        book.saveBan(ban);
        watchers.forEach(watcher -> watcher.accept(ban));
    }

    /** Tells {@code watcher} of every ban placed from now on, the node's own and the operator's alike. */
    public void onBan(Consumer<Ban> watcher) {
        watchers.add(watcher);
    }

    public void unban(String subject) {
        bans.remove(subject);
        book.removeBan(subject);
    }

    public boolean isBanned(String subject) {
        Ban ban = bans.get(subject);
        if (ban == null) {
            return false;
        }
        if (clock.instant().isBefore(ban.until())) {
            return true;
        }
        if (bans.remove(subject, ban)) {
            book.removeBan(subject);
        }
        return false;
    }

    /** The bans still in force, ordered by subject. */
    public List<Ban> active() {
        return bans.keySet().stream().filter(this::isBanned).sorted().map(bans::get)
                .filter(Objects::nonNull).toList();
    }
}
