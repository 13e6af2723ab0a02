package org.pouw.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which settings file {@code pouw config validate} and {@code edit} work on, and what kind of file it is. */
final class ConfigFileOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:POUW_CONFIG}",
            description = "the file (env POUW_CONFIG; default: the template's file name, pouw.toml for a node)")
    Path config;

    @Option(names = "--template", paramLabel = "KIND",
            description = "node, worker, miner or pool (default: the one the file's header names)")
    String template;

    Path file() {
        return config != null ? config : Path.of(template == null ? ConfigTemplate.NODE.defaultFile
                : ConfigTemplate.parse(template).defaultFile);
    }

    ConfigTemplate kind() {
        return ConfigTemplate.of(template, file());
    }

    /** The file, which must exist: there is nothing to check or edit otherwise. */
    Path existing() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            throw new CommandFailed("no_file", file + " does not exist; 'pouw config init --template "
                    + kind().label() + "' writes one", ExitCodes.CONFIG);
        }
        return file;
    }
}
