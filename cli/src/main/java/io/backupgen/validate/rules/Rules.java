package io.backupgen.validate.rules;

import java.util.List;

/**
 * The API-server rules that Kubernetes' JSON schemas do not carry, registered in one list,
 * Helm-lint style; each family lives in its own small file with its own fixtures. They need no
 * network and no schemas. {@link #ALL} judge a document alone; the references to other objects of
 * the set are {@link ReferenceRules#ALL}, judged once the set has the objects they name.
 */
public final class Rules {

    public static final List<Rule> ALL = List.of(
            new Rule("required", RequiredFields::check),
            new Rule("name-dns1123", NameRules::format),
            new Rule("name-length", NameRules::length),
            new Rule("label", LabelRules::check),
            new Rule("cron", CronRules::schedule),
            new Rule("time-zone", CronRules::timeZone),
            new Rule("quantity", QuantityRules::check),
            new Rule("env-name", EnvRules::names),
            new Rule("enum", EnumRules::check),
            new Rule("ref-volume", ReferenceRules::volumeMounts));

    private Rules() {
    }
}
