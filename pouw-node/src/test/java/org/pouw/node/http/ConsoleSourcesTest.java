package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's own files keep the rules docs/console.md states, so a later view cannot quietly break them: no
 * script turns a string into markup or code, the page has no inline script, style or handler (the policy would
 * refuse them and the console would break), and every file is one the node serves.
 */
class ConsoleSourcesTest {
    private static final Path FOLDER = Path.of("..", "pouw-console", "src", "main", "resources", "org", "pouw",
            "console");
    private static final Pattern MARKUP_SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function|setTimeout\\(\\s*['\"`]"
                    + "|localStorage|sessionStorage|document\\.cookie");
    private static final Pattern WHOLE_LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");
    private static final Pattern INLINE = Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+\\s*=|\\sstyle\\s*=|<style|javascript:", Pattern.CASE_INSENSITIVE);

    @Test
    void no_module_turns_a_string_into_markup_or_code_or_stores_anything() throws IOException {
        List<Path> modules = files(".js");
        assertThat(modules).hasSizeGreaterThanOrEqualTo(5);
        for (Path module : modules) {
            // Whole-line comments may name what the code avoids; the code may not use it.
            String code = WHOLE_LINE_COMMENT.matcher(Files.readString(module)).replaceAll("");
            assertThat(MARKUP_SINKS.matcher(code).results().map(m -> m.group()).toList())
                    .as("markup or code sinks in %s", module.getFileName()).isEmpty();
        }
    }

    @Test
    void the_page_has_no_inline_script_style_or_handler() throws IOException {
        String page = Files.readString(FOLDER.resolve("index.html"));
        assertThat(INLINE.matcher(page).results().map(m -> m.group()).toList()).isEmpty();
        assertThat(page).doesNotContain("http://", "https://");
    }

    @Test
    void every_file_is_one_the_node_serves() throws IOException {
        ConsoleAssets assets = new ConsoleAssets(ConsoleSourcesTest.class.getClassLoader());
        for (Path file : files("")) {
            String name = file.getFileName().toString();
            assertThat(assets.find(name)).as("served: %s", name).isPresent()
                    .get().extracting(ConsoleAssets.Asset::bytes).isEqualTo(Files.readAllBytes(file));
        }
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
