package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filters must round-trip any text through a YAML parser unchanged. */
class YamlExtensionTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @ParameterizedTest
    @ValueSource(strings = {"#!/bin/sh\necho hi\n", "no trailing newline", "two\n\n", "  leading spaces\nx\n",
            "tabs\there\n", "\nstarts with newline\n", "a: b\n- c\n"})
    void blockRoundTrips(String text) throws Exception {
        String doc = "data:\n  k: " + YamlExtension.block(text, 4) + "\n";
        assertThat(YAML.readTree(doc).get("data").get("k").asText()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "yes", "0755", "with \"quotes\" and \\ backslash", "line\nbreak", "@x: {y}"})
    void quoteRoundTrips(String text) throws Exception {
        assertThat(YAML.readTree("k: " + YamlExtension.quote(text)).get("k").asText()).isEqualTo(text);
    }
}
