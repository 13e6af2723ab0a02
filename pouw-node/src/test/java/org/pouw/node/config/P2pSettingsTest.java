package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P2pSettingsTest {
    @TempDir
    Path dir;

    private static NodeConfig load(Map<String, String> overrides) {
        return ConfigLoader.load(null, Map.of(), overrides);
    }

    @Test
    void offByDefaultWithTheDocumentedListenAddressAndKeyInTheDataFolder() {
        NodeConfig config = load(Map.of("data_dir", "d"));
        assertThat(config.p2p().enabled()).isFalse();
        assertThat(config.p2p().listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.p2p().listenPort()).isEqualTo(9642);
        assertThat(config.p2p().bootstrap()).isEmpty();
        assertThat(config.p2pKeyPath()).isEqualTo(Path.of("d", "p2p.key"));
    }

    @Test
    void bootstrapPeersAreReadFromACommaListOrATomlArray() throws IOException {
        NodeConfig fromText = load(Map.of("chain.enabled", "true", "p2p.enabled", "true",
                "p2p.bootstrap", "10.0.0.1:9642, [::1]:7000"));
        assertThat(fromText.p2p().bootstrap()).containsExactly(new P2pSettings.Address("10.0.0.1", 9642),
                new P2pSettings.Address("::1", 7000));

        Path toml = dir.resolve("pouw.toml");
        Files.writeString(toml, """
                [chain]
                enabled = true
                [p2p]
                enabled = true
                listen = "0.0.0.0:0"
                bootstrap = ["a.example:1", "b.example:2"]
                """);
        NodeConfig fromToml = ConfigLoader.load(toml, Map.of(), Map.of());
        assertThat(fromToml.p2p().bootstrap()).extracting(P2pSettings.Address::toString)
                .containsExactly("a.example:1", "b.example:2");
        assertThat(fromToml.p2p().listenPort()).isZero();
    }

    @Test
    void badValuesNameTheirSetting() {
        for (Map<String, String> bad : List.of(
                Map.of("p2p.listen", "no-port"),
                Map.of("p2p.listen", "host:70000"),
                Map.of("p2p.bootstrap", "host:0"),
                Map.of("p2p.bootstrap", "ok:1,:5"),
                Map.of("p2p.enabled", "yes"))) {
            String setting = bad.keySet().iterator().next();
            assertThatThrownBy(() -> load(bad)).as(bad.toString()).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(setting);
        }
        assertThatThrownBy(() -> load(Map.of("p2p.enabled", "true"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("chain.enabled");
    }

    @Test
    void everyP2pSettingIsDocumentedWithItsLoadedDefault() throws IOException {
        Pattern row = Pattern.compile("^\\| `(p2p\\.[a-z_]+)` \\| (?:`([^`]*)`|empty) \\|", Pattern.MULTILINE);
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher matcher = row.matcher(Files.readString(Path.of("..", "docs", "operations.md")));
        while (matcher.find()) {
            documented.put(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
        }
        ConfigLoader.DEFAULTS.keySet().stream().filter(name -> name.startsWith("p2p."))
                .forEach(name -> assertThat(documented).as("docs/operations.md row of %s", name)
                        .containsEntry(name, ConfigLoader.DEFAULTS.get(name)));
        assertThat(documented).hasSize(4);
    }
}
