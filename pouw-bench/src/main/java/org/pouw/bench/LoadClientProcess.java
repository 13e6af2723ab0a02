package org.pouw.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's load client in a JVM of its own, so the benchmark's process CPU is the server's alone, and the three
 * words they speak: the client prints {@code READY} once a round's load is prepared, waits for {@code GO} on its
 * standard input, and prints {@code DONE <fields…>} when the round is over; the benchmark takes its own process's CPU
 * time between the two. With the two figures such benchmarks print from it: a median and the process's CPU time.
 */
public final class LoadClientProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader said;
    private final Writer tell;

    private LoadClientProcess(Process process) {
        this.process = process;
        this.said = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.tell = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code client}'s main in a new JVM on this one's class path, with {@code heap} ({@code -Xmx}). */
    public static LoadClientProcess start(Class<?> client, String heap, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), client.getName()));
        command.addAll(args);
        return new LoadClientProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    /** Waits until the client's round is prepared. */
    public void awaitReady() throws IOException {
        expect("READY");
    }

    /** Starts the round and waits for its end: the words of the client's {@code DONE} line, {@code DONE} first. */
    public String[] go() throws IOException {
        tell.write("GO\n");
        tell.flush();
        return expect("DONE ").split(" ");
    }

    private String expect(String prefix) throws IOException {
        String line = said.readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new IllegalStateException("the load client said " + line + " where " + prefix.strip()
                    + " was due");
        }
        return line;
    }

    /** Waits for the client to end after its last round (it ends when its input closes), or ends it. */
    @Override
    public void close() throws IOException {
        tell.close();
        awaitOrEnd(process, 30);
    }

    /** Waits up to {@code seconds} for {@code process} to end (asked to already), then ends it forcibly. */
    public static void awaitOrEnd(Process process, long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The client's side: says {@code READY} and answers whether the benchmark said {@code GO} (else it stops). */
    public static boolean readyForGo(BufferedReader commands) throws IOException {
        System.out.println("READY");
        System.out.flush();
        return "GO".equals(commands.readLine());
    }

    /** The client's side: says {@code DONE} with the round's figures. */
    public static void done(Object... fields) {
        StringBuilder line = new StringBuilder("DONE");
        for (Object field : fields) {
            line.append(' ').append(field);
        }
        System.out.println(line);
        System.out.flush();
    }

    /** The client's side: the benchmark's commands, one a line on standard input. */
    public static BufferedReader commands() {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /**
     * CPU time of this whole process, every thread with JIT and GC: on a machine shared with other work the wall
     * rate says how much CPU the process got, this says what the work costs.
     */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
