package io.backupgen.validate;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One {@link Result} per document, sorted by source and document index. */
public record ValidationReport(List<Result> results, List<String> sources) {

    public ValidationReport {
        results = results.stream()
                .sorted(Comparator.comparing(Result::source).thenComparingInt(r -> r.document().index()))
                .toList();
        Set<String> all = new LinkedHashSet<>(sources);
        results.forEach(r -> all.add(r.source()));
        sources = List.copyOf(all);
    }

    /** True when nothing would fail a CI job: no error-severity finding and no ERROR result. */
    public boolean ok() {
        return results.stream().noneMatch(r -> r.status() == Status.ERROR || r.status() == Status.INVALID
                || !r.errors().isEmpty());
    }

    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    public long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
