package io.backupgen.validate;

import io.backupgen.text.Suggest;

import static io.backupgen.validate.Fixtures.CONTAINER;
import static io.backupgen.validate.Fixtures.DAILY;
import static io.backupgen.validate.Fixtures.POD;
import static io.backupgen.validate.Fixtures.at;
import static io.backupgen.validate.Fixtures.withEdit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.document.Document;
import io.backupgen.testing.SharedSchemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One broken thing per test, reported with its field path and rule, offline and with schemas. */
class NegativeRulesTest {
    static final Validator OFFLINE = new Validator(ValidatorOptions.defaults());
    static final Validator SCHEMAS = new Validator(ValidatorOptions.defaults().withSchemaLocations(SharedSchemas.location()));

    static List<Finding> errors(Validator v, List<Document> docs) {
        ValidationReport r = v.validate(docs);
        return r.findings().stream().filter(Finding::isError).toList();
    }

    @Test
    void unknownFieldIsReportedByStructureOfflineAndBySchema() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER).put("envv", "x"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::displayName, Finding::path, Finding::rule)
                .containsExactly(tuple(DAILY, CONTAINER + ".envv", "schema"));
        assertThat(errors(SCHEMAS, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".envv", "schema"));
        assertThat(OFFLINE.validate(docs).results()).filteredOn(r -> r.document().displayName().equals(DAILY))
                .extracting(Result::status).containsExactly(Status.INVALID);
    }

    @Test
    void unknownFieldsAreAllReportedNotJustTheFirst() {
        List<Document> docs = withEdit(DAILY, cj -> {
            at(cj, "spec").put("sheduel", "0 1 * * *");
            at(cj, POD).put("hostname2", "x");
        });

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::message).containsExactly(
                tuple("spec.jobTemplate.spec.template.spec.hostname2", "unknown field \"hostname2\""),
                tuple("spec.sheduel", "unknown field \"sheduel\""));
    }

    @Test
    void wrongTypeIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "spec").put("successfulJobsHistoryLimit", "three"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("spec.successfulJobsHistoryLimit", "schema"));
        assertThat(errors(SCHEMAS, docs)).extracting(Finding::path, Finding::rule)
                .contains(tuple("spec.successfulJobsHistoryLimit", "schema"));
    }

    @Test
    void unquotedNumberInConfigMapDataIsAWrongType() {
        // kubectl apply refuses it: ConfigMap data values are strings ("5432", not 5432).
        List<Document> docs = withEdit("ConfigMap/acme-shop-backup-config", cm -> at(cm, "data").put("POSTGRES_PORT", 5432));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("data.POSTGRES_PORT", "schema"));
        assertThat(errors(SCHEMAS, docs)).extracting(Finding::path, Finding::rule)
                .contains(tuple("data.POSTGRES_PORT", "schema"));
    }

    @Test
    void missingRequiredFieldIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER).remove("name"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".name", "schema")); // the built-in schema says it, once
        assertThat(errors(SCHEMAS, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".name", "schema")); // said once, by the schema
    }

    @Test
    void cronJobNameOf53CharactersIsTooLong() {
        String name = "acme-shop-backup-daily-" + "x".repeat(30);
        assertThat(name).hasSize(53);
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "metadata").put("name", name));

        assertThat(errors(SCHEMAS, docs)).extracting(Finding::displayName, Finding::path, Finding::rule)
                .containsExactly(tuple("CronJob/" + name, "metadata.name", "name-length"));
        assertThat(errors(SCHEMAS, docs).get(0).message()).contains("53 characters, at most 52");
    }

    @Test
    void cronJobNameOf52CharactersIsFine() {
        String name = "acme-shop-backup-daily-" + "x".repeat(29);
        assertThat(errors(OFFLINE, withEdit(DAILY, cj -> at(cj, "metadata").put("name", name)))).isEmpty();
    }

    @Test
    void nonDnsNameIsReported() {
        List<Document> docs = withEdit("PersistentVolumeClaim/acme-shop-backup-pvc",
                pvc -> at(pvc, "metadata").put("name", "Acme_Shop-backup"));
        // the CronJobs' claimName no longer resolves either
        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .contains(tuple("metadata.name", "name-dns1123"), tuple(POD + ".volumes[0].persistentVolumeClaim.claimName", "ref-pvc"));
    }

    @Test
    void badCronExpressionIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "spec").put("schedule", "0 25 * * *"));

        List<Finding> found = errors(SCHEMAS, docs);
        assertThat(found).extracting(Finding::path, Finding::rule).containsExactly(tuple("spec.schedule", "cron"));
        assertThat(found.get(0).message()).contains("0 25 * * *");
    }

    @Test
    void sixFieldCronGetsAQuartzHint() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "spec").put("schedule", "0 0 2 * * ?"));

        List<Finding> found = errors(OFFLINE, docs);
        assertThat(found).extracting(Finding::path, Finding::rule).containsExactly(tuple("spec.schedule", "cron"));
        assertThat(found.get(0).message()).contains("Quartz/Spring", "5 fields", "\"0 2 * * ?\"");
    }

    @Test
    void unknownTimeZoneGetsASuggestion() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "spec").put("timeZone", "Europe/Berln"));

        List<Finding> found = errors(SCHEMAS, docs);
        assertThat(found).extracting(Finding::path, Finding::rule).containsExactly(tuple("spec.timeZone", "time-zone"));
        assertThat(found.get(0).message()).contains("did you mean \"Europe/Berlin\"");
    }

    @Test
    void badQuantityIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER + ".resources.requests").put("memory", "256MB"));

        List<Finding> found = errors(SCHEMAS, docs);
        assertThat(found).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".resources.requests.memory", "quantity"));
    }

    @Test
    void requestAboveLimitIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER + ".resources.requests").put("cpu", "2"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".resources.requests.cpu", "quantity"));
    }

    @Test
    void secretNotInTheSetIsFineButAMissingKeyOfADefinedSecretIsNot() {
        assertThat(errors(OFFLINE, Fixtures.good())).isEmpty();

        List<Document> docs = new ArrayList<>(Fixtures.good());
        ObjectNode secret = JsonNodeFactory.instance.objectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "acme-shop-db-credentials");
        secret.putObject("stringData").put("username", "backup");
        docs.add(new Document("secret.yaml", 0, 1, secret));

        List<Finding> found = errors(OFFLINE, docs);
        // in document order of backup-cronjob.yaml: daily, weekly, monthly
        assertThat(found).extracting(Finding::displayName, Finding::path, Finding::rule).containsExactly(
                tuple("CronJob/acme-shop-backup-daily", CONTAINER + ".env[5].valueFrom.secretKeyRef.key", "ref-secret"),
                tuple("CronJob/acme-shop-backup-weekly", CONTAINER + ".env[5].valueFrom.secretKeyRef.key", "ref-secret"),
                tuple("CronJob/acme-shop-backup-monthly", CONTAINER + ".env[5].valueFrom.secretKeyRef.key", "ref-secret"));
        assertThat(found.get(0).message()).contains("\"password\"", "keys: username");
    }

    @Test
    void missingConfigMapKeyAndObjectsAreReported() {
        List<Document> docs = withEdit(DAILY, cj -> {
            at(cj, CONTAINER + ".env[1].valueFrom.configMapKeyRef").put("key", "POSTGRES_HOTS");
            at(cj, POD).put("serviceAccountName", "acme-shop-backups");
            at(cj, POD + ".volumes[1].configMap").put("name", "acme-shop-scripts");
        });

        List<Finding> found = errors(OFFLINE, docs);
        assertThat(found).extracting(Finding::path, Finding::rule).containsExactly(
                tuple(CONTAINER + ".env[1].valueFrom.configMapKeyRef.key", "ref-configmap"),
                tuple(POD + ".serviceAccountName", "ref-serviceaccount"),
                tuple(POD + ".volumes[1].configMap.name", "ref-configmap"));
        assertThat(found.get(0).message()).contains("did you mean \"POSTGRES_HOST\"");
        assertThat(found.get(1).message()).contains("did you mean \"acme-shop-backup\"");
    }

    @Test
    void externalRefsAreWarningsWhenAllowed() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, POD).put("serviceAccountName", "shared-backup"));
        Validator partial = new Validator(ValidatorOptions.defaults().withExternalRefs(ValidatorOptions.ExternalRefs.WARN));

        ValidationReport report = partial.validate(docs);
        assertThat(report.ok()).isTrue();
        assertThat(report.findings()).extracting(Finding::path, Finding::rule, Finding::severity)
                .containsExactly(tuple(POD + ".serviceAccountName", "ref-serviceaccount", Severity.WARNING));
    }

    @Test
    void optionalRefsAreWarnings() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER + ".env[1].valueFrom.configMapKeyRef")
                .put("name", "elsewhere").put("optional", true));

        ValidationReport report = OFFLINE.validate(docs);
        assertThat(report.ok()).isTrue();
        assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("ref-configmap", Severity.WARNING));
    }

    @Test
    void badLabelIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "metadata.labels").put("backup-type", "daily backup"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("metadata.labels.backup-type", "label"));
    }

    @Test
    void labelKeyWithPrefixIsQuotedInThePath() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "metadata.labels").put("app.kubernetes.io/name", "-bad"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("metadata.labels[\"app.kubernetes.io/name\"]", "label"));
    }

    @Test
    void badLabelInThePodTemplateIsReportedWithItsPath() {
        // the labels of an embedded template are found by walking the spec; the path is built for them only
        List<Document> docs = withEdit(DAILY, cj -> at(cj, "spec.jobTemplate.spec.template.metadata.labels")
                .put("app.kubernetes.io/component", "-bad"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("spec.jobTemplate.spec.template.metadata.labels[\"app.kubernetes.io/component\"]",
                        "label"));
    }

    @Test
    void envNameRulesFollowTheKubernetesVersion() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER + ".env[0]").put("name", "1BACKUP TYPE"));

        assertThat(errors(new Validator(ValidatorOptions.defaults().withKubernetesVersion("1.31.0")), docs))
                .extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".env[0].name", "env-name"));
        // Relaxed names (printable ASCII but '=') are accepted from 1.32 on; still a warning: no shell can read it.
        ValidationReport newer = new Validator(ValidatorOptions.defaults().withKubernetesVersion("1.36.0")).validate(docs);
        assertThat(newer.ok()).isTrue();
        assertThat(newer.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("env-name", Severity.WARNING));
        List<Document> withEquals = withEdit(DAILY, cj -> at(cj, CONTAINER + ".env[0]").put("name", "A=B"));
        assertThat(new Validator(ValidatorOptions.defaults().withKubernetesVersion("1.36.0")).validate(withEquals).ok()).isFalse();
    }

    @Test
    void volumeMountOfAnUndefinedVolumeIsReported() {
        List<Document> docs = withEdit(DAILY, cj -> at(cj, CONTAINER + ".volumeMounts[2]").put("name", "tpm"));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple(CONTAINER + ".volumeMounts[2].name", "ref-volume"));
    }

    @Test
    void customResourceIsCheckedAgainstTheSharedCrdSchemas() {
        ObjectNode snap = JsonNodeFactory.instance.objectNode();
        snap.put("apiVersion", "snapshot.storage.k8s.io/v1").put("kind", "VolumeSnapshot");
        snap.putObject("metadata").put("name", "acme-shop-data");
        ObjectNode spec = snap.putObject("spec");
        spec.put("volumeSnapshotClassName", "csi");
        spec.putObject("source").put("persistentVolumeClaimName", "acme-shop-backup-pvc");
        Document good = new Document("snap.yaml", 0, 1, snap);
        ObjectNode broken = snap.deepCopy();
        at(broken, "spec.source").put("persistentVolumeClaim", "typo");
        Document bad = new Document("snap.yaml", 1, 12, broken);

        ValidationReport report = SCHEMAS.validate(List.of(good, bad));
        assertThat(report.results()).extracting(Result::status).containsExactly(Status.VALID, Status.INVALID);
        assertThat(report.results().get(1).findings()).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("spec.source.persistentVolumeClaim", "schema"));

        // Offline the built-in CRD schemas (the custom resources backupgen emits) know it too.
        assertThat(OFFLINE.validate(List.of(good, bad)).results()).extracting(Result::status)
                .containsExactly(Status.VALID, Status.INVALID);

        // A kind no location knows is an error, not a pass; skipped only when asked.
        ObjectNode widget = JsonNodeFactory.instance.objectNode();
        widget.put("apiVersion", "example.com/v1").put("kind", "Widget");
        widget.putObject("metadata").put("name", "w");
        ValidationReport missing = OFFLINE.validate(List.of(new Document("w.yaml", 0, 1, widget)));
        assertThat(missing.results()).extracting(Result::status).containsExactly(Status.ERROR);
        assertThat(missing.findings()).extracting(Finding::rule).containsExactly("schema-missing");
        assertThat(missing.findings().get(0).message()).contains("could not find schema for Widget", "--ignore-missing-schemas");
        ValidationReport ignored = new Validator(ValidatorOptions.defaults().withIgnoreMissingSchemas(true))
                .validate(List.of(new Document("w.yaml", 0, 1, widget)));
        assertThat(ignored.results()).extracting(Result::status).containsExactly(Status.SKIPPED);
        assertThat(ignored.ok()).isTrue();
    }

    @Test
    void scalarCoercionsTheApiServerRefusesAreWrongTypesOffline() {
        List<Document> docs = withEdit(DAILY, cj -> {
            at(cj, POD + ".securityContext").put("runAsUser", "70");
            at(cj, CONTAINER + ".env[0]").put("value", true);
            at(cj, "metadata.labels").put("backup-type", "daily");
        });
        List<Document> cm = withEdit("ConfigMap/acme-shop-backup-config", c -> at(c, "data").put("ENABLED", true));

        assertThat(errors(OFFLINE, docs)).extracting(Finding::path, Finding::rule).containsExactly(
                tuple(CONTAINER + ".env[0].value", "schema"),
                tuple(POD + ".securityContext.runAsUser", "schema"));
        assertThat(errors(SCHEMAS, docs)).extracting(Finding::path, Finding::rule).containsExactly(
                tuple(CONTAINER + ".env[0].value", "schema"),
                tuple(POD + ".securityContext.runAsUser", "schema"));
        assertThat(errors(OFFLINE, cm)).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("data.ENABLED", "schema"));
    }

    @Test
    void numericQuantitiesPassLikeTheApiServer() {
        List<Document> docs = withEdit(DAILY, cj -> {
            at(cj, CONTAINER + ".resources.limits").put("cpu", 1);
            at(cj, CONTAINER + ".resources.requests").put("cpu", 0.1);
        });
        // The API server takes `cpu: 1` and `cpu: 0.1` (a quantity is int-or-string in its decoding);
        // the shared schemas say so too now (quantities are oneOf [string, number]).
        assertThat(errors(OFFLINE, docs)).isEmpty();
        assertThat(errors(SCHEMAS, docs)).isEmpty();

        // What the API server refuses stays refused: a quantity that is neither a number nor a string.
        List<Document> bad = withEdit(DAILY, cj -> at(cj, CONTAINER + ".resources.limits").put("cpu", true));
        assertThat(errors(OFFLINE, bad)).extracting(Finding::path)
                .contains(CONTAINER + ".resources.limits.cpu");
        assertThat(errors(SCHEMAS, bad)).extracting(Finding::path, Finding::rule)
                .contains(tuple(CONTAINER + ".resources.limits.cpu", "schema"));
    }

    @Test
    void serviceNamesAreRfc1035Labels() {
        ObjectNode svc = JsonNodeFactory.instance.objectNode();
        svc.put("apiVersion", "v1").put("kind", "Service");
        svc.putObject("metadata").put("name", "1api");
        svc.putObject("spec").putArray("ports").addObject().put("port", 80);

        assertThat(errors(OFFLINE, List.of(new Document("s.yaml", 0, 1, svc)))).extracting(Finding::path, Finding::rule)
                .containsExactly(tuple("metadata.name", "name-dns1123"));
        ((ObjectNode) svc.get("metadata")).put("name", "api-1");
        assertThat(errors(OFFLINE, List.of(new Document("s.yaml", 0, 1, svc)))).isEmpty();
    }

    @Test
    void rbacNamesArePathSegmentsNotDnsNames() {
        ObjectNode role = JsonNodeFactory.instance.objectNode();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRole");
        role.putObject("metadata").put("name", "system:backup-reader");
        role.putArray("rules");

        assertThat(errors(SCHEMAS, List.of(new Document("r.yaml", 0, 1, role)))).isEmpty();
        ((ObjectNode) role.get("metadata")).put("name", "backup/reader");
        assertThat(errors(OFFLINE, List.of(new Document("r.yaml", 0, 1, role)))).extracting(Finding::rule)
                .containsExactly("name-dns1123");
    }
}
