package org.pouw.p2p;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.pouw.p2p.wire.Frame;

/**
 * What crossed this node's links, for its metrics: frames and bytes in and out by frame type, refusals by reject
 * reason, bans. Every label comes from a closed set (the frame bodies this version knows, "unknown" for a newer
 * peer's, and {@link RejectReason}), so no peer can grow the metrics by sending new names.
 */
public final class TrafficCounters {
    /** The frame types as metric labels: the body names in lower case, "unknown" for a body this version lacks. */
    public static String label(Frame.BodyCase type) {
        return type == Frame.BodyCase.BODY_NOT_SET ? "unknown" : type.name().toLowerCase(Locale.ROOT);
    }

    private final Map<Frame.BodyCase, Tally> in = new EnumMap<>(Frame.BodyCase.class);
    private final Map<Frame.BodyCase, Tally> out = new EnumMap<>(Frame.BodyCase.class);
    private final Map<RejectReason, LongAdder> refused = new EnumMap<>(RejectReason.class);
    private final LongAdder bans = new LongAdder();

    /** Frames and bytes of one type in one direction. */
    public static final class Tally {
        private final LongAdder frames = new LongAdder();
        private final LongAdder bytes = new LongAdder();

        public long frames() {
            return frames.sum();
        }

        public long bytes() {
            return bytes.sum();
        }
    }

    TrafficCounters() {
        for (Frame.BodyCase type : Frame.BodyCase.values()) {
            in.put(type, new Tally());
            out.put(type, new Tally());
        }
        for (RejectReason reason : RejectReason.values()) {
            refused.put(reason, new LongAdder());
        }
    }

    void received(Frame.BodyCase type, int bytes) {
        add(in.get(type), bytes);
    }

    void sent(Frame.BodyCase type, int bytes) {
        add(out.get(type), bytes);
    }

    void refused(RejectReason reason) {
        refused.get(reason).increment();
    }

    void banned() {
        bans.increment();
    }

    /** The frame type labels, in a fixed order: the closed set the metrics register. */
    public static java.util.List<String> labels() {
        return java.util.Arrays.stream(Frame.BodyCase.values()).map(TrafficCounters::label).toList();
    }

    public Tally in(String label) {
        return in.get(byLabel(label));
    }

    public Tally out(String label) {
        return out.get(byLabel(label));
    }

    private static Frame.BodyCase byLabel(String label) {
        for (Frame.BodyCase type : Frame.BodyCase.values()) {
            if (label(type).equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no frame type " + label);
    }

    public Tally in(Frame.BodyCase type) {
        return in.get(type);
    }

    public Tally out(Frame.BodyCase type) {
        return out.get(type);
    }

    public long refusals(RejectReason reason) {
        return refused.get(reason).sum();
    }

    public long bans() {
        return bans.sum();
    }

    private static void add(Tally tally, int bytes) {
        tally.frames.increment();
        tally.bytes.add(bytes);
    }
}
