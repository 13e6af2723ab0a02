package org.pouw.bench.market;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a {@link MarketLoad} drain's JVM CPU went, by lifecycle part and by kind of work ({@link LifecycleCpuParts}),
 * from a recording of the JDK's CPU-time sampler ({@code jdk.CPUTimeSample}, JDK 25, Linux): it samples by CPU time
 * used, so waiting threads never count and a share is a share of CPU, which holds on a loaded machine where wall time
 * does not (stacks deeper than the recording's {@code stackdepth} lose their roots, and with them their part: record
 * with 256). Only samples between the first and the last one taken inside a drain's worker loop count (start-up,
 * migrations and posting the jobs are setup).
 *
 * <pre>
 * java -XX:FlightRecorderOptions:stackdepth=256 \
 *      -XX:StartFlightRecording=filename=drain.jfr,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms \
 *      -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.market.MarketLoad --pg-url … \
 *      --jobs 5000 --rounds 1 --workers 16 --claim-rate 0
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.market.LifecycleCpuProfile drain.jfr
 * </pre>
 */
public final class LifecycleCpuProfile {
    private static final String SAMPLE = "jdk.CPUTimeSample";

    private LifecycleCpuProfile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LifecycleCpuProfile <recording.jfr>");
            System.exit(2);
        }
        List<Sample> samples = read(Path.of(args[0]));
        Instant first = null;
        Instant last = null;
        for (Sample sample : samples) {
            if (sample.part() == LifecycleCpuParts.Part.WORKER_PROVING
                    || sample.part() == LifecycleCpuParts.Part.WORKER_CALLS) {
                first = first == null || sample.at().isBefore(first) ? sample.at() : first;
                last = last == null || sample.at().isAfter(last) ? sample.at() : last;
            }
        }
        if (first == null) {
            System.out.println("no " + SAMPLE + " inside a drain: record with jdk.CPUTimeSample#enabled=true");
            System.exit(1);
        }
        Map<LifecycleCpuParts.Part, Integer> parts = new EnumMap<>(LifecycleCpuParts.Part.class);
        Map<LifecycleCpuParts.Work, Integer> works = new EnumMap<>(LifecycleCpuParts.Work.class);
        int counted = 0;
        for (Sample sample : samples) {
            if (!sample.at().isBefore(first) && !sample.at().isAfter(last)) {
                parts.merge(sample.part(), 1, Integer::sum);
                works.merge(sample.work(), 1, Integer::sum);
                counted++;
            }
        }
        System.out.printf(Locale.ROOT, "%,d CPU-time samples in the drain (%s to %s)%n", counted, first, last);
        System.out.println("by part of the lifecycle:");
        int total = counted;
        parts.forEach((part, count) -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * count / total,
                part.label));
        System.out.println("by kind of work:");
        works.forEach((work, count) -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * count / total,
                work.label));
    }

    private record Sample(Instant at, LifecycleCpuParts.Part part, LifecycleCpuParts.Work work) {
    }

    private static List<Sample> read(Path recording) throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals(SAMPLE) || event.getStackTrace() == null) {
                    continue;
                }
                List<String> stack = new ArrayList<>();
                for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                    stack.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
                }
                samples.add(new Sample(event.getStartTime(), LifecycleCpuParts.part(stack),
                        LifecycleCpuParts.work(stack)));
            }
        }
        return samples;
    }
}
