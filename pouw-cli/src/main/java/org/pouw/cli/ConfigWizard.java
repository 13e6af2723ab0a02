package org.pouw.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The questions of a {@link ConfigTemplate} asked one by one at a terminal: each shows its default in brackets
 * (Enter takes it), each answer is checked at once by the program's own loader, and a refused answer is asked again
 * with the reason. End of input (Ctrl-D) abandons the wizard; nothing is written.
 */
final class ConfigWizard {
    /** Reads one line after showing a prompt; null at end of input. */
    interface Lines {
        String readLine(String prompt);
    }

    /** Ctrl-D at a question: the wizard stops and nothing is written. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("config init abandoned at end of input; nothing written");
        }
    }

    private final Lines in;
    private final PrintWriter out;

    ConfigWizard(Lines in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /** The answers, starting from {@code preset} (given with --set), which become the defaults shown. */
    Map<String, String> ask(ConfigTemplate template, Map<String, String> preset) {
        SettingsCheck check = template.check();
        Map<String, String> answers = new LinkedHashMap<>(preset);
        out.println("pouw config init --template " + template.label() + ": Enter keeps the value in brackets.");
        out.flush();
        for (ConfigTemplate.Question question : template.questions) {
            String shown = preset.getOrDefault(question.key(), question.defaultValue());
            while (true) {
                String line = in.readLine(question.prompt() + " [" + shown + "]: ");
                if (line == null) {
                    throw new Abandoned();
                }
                String answer = line.isBlank() ? shown : line.strip();
                String problem = check.checkOne(question.key(), answer, answers);
                if (problem.isEmpty()) {
                    answers.put(question.key(), answer);
                    break;
                }
                out.println("  not accepted: " + problem);
                out.flush();
            }
        }
        return answers;
    }
}
