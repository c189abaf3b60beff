package io.backupgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test-side schema check must be able to fail, or its green means nothing. */
class KubeSchemasSelfTest {
    @Test
    void flagsUnknownFieldsWrongTypesAndMissingRequired() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ok
                  colour: blue
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: x
                spec:
                  schedule: 5
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - image: busybox
                """;
        for (String v : KubeSchemas.VERSIONS) {
            assertThat(KubeSchemas.problems(yaml, v)).as(v)
                    .anyMatch(p -> p.startsWith("ConfigMap/ok") && p.contains("colour"))
                    .anyMatch(p -> p.startsWith("CronJob/x") && p.contains("schedule"))
                    .anyMatch(p -> p.startsWith("CronJob/x") && p.contains("name"));
        }
    }
}
