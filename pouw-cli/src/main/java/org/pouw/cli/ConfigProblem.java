package org.pouw.cli;

/** One thing wrong in a configuration: the setting it is about ({@code file} for the file as a whole) and why. */
record ConfigProblem(String key, String message) {
    static final String WHOLE_FILE = "file";
}
