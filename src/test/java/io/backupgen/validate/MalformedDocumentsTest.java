package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.document.DocumentReader;
import io.backupgen.document.DocumentSet;
import io.backupgen.testing.SharedSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes no rule expects must become findings, never exceptions that end the run. */
class MalformedDocumentsTest {
    static final String TEXT = """
            apiVersion: v1
            kind: ConfigMap
            metadata: just-a-string
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: m, labels: [a, b]}
            spec:
              schedule: 5
              timeZone: [UTC]
              jobTemplate:
                spec:
                  template:
                    spec:
                      serviceAccountName: {name: x}
                      containers: {name: c}
                      volumes: "none"
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: n}
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          image: i
                          env: "A=1"
                          envFrom: [{configMapRef: "x"}]
                          resources: {requests: [1], limits: {cpu: {}}}
                          volumeMounts: [{name: 5}]
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: p}
            spec: {resources: {requests: {storage: true}}, accessModes: ReadWriteOnce}
            ---
            - just
            - a list
            ---
            "a string"
            ---
            apiVersion: 1
            kind: 2
            """;

    @Test
    void everyDocumentGetsAResultOfflineAndWithSchemas() {
        DocumentSet set = DocumentReader.parse("weird.yaml", TEXT);
        for (Validator v : List.of(new Validator(ValidatorOptions.defaults()),
                new Validator(ValidatorOptions.defaults().withSchemaLocations(SharedSchemas.location())))) {
            ValidationReport r = v.validate(set);

            assertThat(r.results()).hasSize(7);
            assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).isIn(Status.INVALID, Status.ERROR));
            assertThat(r.results()).allSatisfy(x -> assertThat(x.errors()).isNotEmpty());
        }
    }
}
