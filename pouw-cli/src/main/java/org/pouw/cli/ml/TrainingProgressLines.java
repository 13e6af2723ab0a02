package org.pouw.cli.ml;

import java.io.PrintStream;
import tools.jackson.databind.node.ObjectNode;

/**
 * Progress as whole lines — for logs and pipes, where a redrawn bar would be a mess of carriage returns — about
 * ten in a run, at fixed steps so two runs of the same task print the same steps. With {@code --json} each
 * line is a JSON object ({@code "event":"progress"}), so the whole output is JSON lines.
 */
final class TrainingProgressLines implements ProgressView {
    private static final int LINES_PER_RUN = 10;

    private final PrintStream out;
    private final boolean json;
    private final long every;
    private long lastShown = -1;

    TrainingProgressLines(PrintStream out, boolean json, long steps) {
        this.out = out;
        this.json = json;
        this.every = Math.max(1, (steps + LINES_PER_RUN - 1) / LINES_PER_RUN);
    }

    @Override
    public boolean due(long stepsDone, long nowNanos) {
        return stepsDone % every == 0;
    }

    @Override
    public void show(Progress p) {
        lastShown = p.step();
        if (!json) {
            out.println(ProgressFormat.figures(p));
            return;
        }
        ObjectNode line = MlJson.object().put("event", "progress").put("step", p.step()).put("steps", p.steps())
                .put("epoch", p.epoch()).put("epochs", p.epochs()).put("loss", p.loss())
                .put("steps_per_second", Math.round(p.stepsPerSecond() * 10) / 10.0);
        MlJson.putMillis(line, "eta_ms", p.etaSeconds());
        MlJson.putNumber(line, "accuracy", p.accuracy());
        out.println(MlJson.write(line));
    }

    @Override
    public void finish(Progress p) {
        if (lastShown != p.step()) {
            show(p);
        }
    }
}
