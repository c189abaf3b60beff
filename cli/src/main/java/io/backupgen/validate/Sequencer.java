package io.backupgen.validate;

import io.backupgen.document.Document;
import io.backupgen.validate.rules.ReferenceRules;
import io.backupgen.validate.rules.Rule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Turns checked documents, taken in input order, into results in input order, resolving references
 * across the set as it goes: a reference to an object seen earlier is judged at once; one to an
 * object not seen yet waits for it, and when the input ends without it, it is missing. A result is
 * handed on as soon as it and every result before it are final.
 *
 * <p>What it keeps: a small index (kind/name, where defined and the keys) of the ConfigMaps,
 * Secrets, PVCs and ServiceAccounts seen, and the small records of results not handed on yet (those
 * with a reference still waiting, and those behind them). Never a document body. The verdicts are
 * the ones a validator that held the whole set would give: a reference resolves to the first object
 * of that kind and name in the set; "did you mean" looks at every name in the set.
 */
final class Sequencer {
    private final Consumer<Result> out;
    private final boolean externalRefsAllowed;
    private final Map<String, ReferenceRules.Target> index = new HashMap<>();
    /** Objects known to exist outside the set: they resolve what the set does not. */
    private final Map<String, ReferenceRules.Target> existing = new HashMap<>();
    private final Map<String, Set<String>> names = new HashMap<>();
    private final Map<String, List<Waiter>> waiting = new HashMap<>();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();

    private static final class Entry {
        Checked checked;
        /** The document's lines: {@link Checked#refLines} until it must wait, then only its references' lines. */
        java.util.function.ToIntFunction<String> lines;
        ReferenceRules.Target[][] targets;
        int pending;
        Result result;
    }

    private record Waiter(Entry entry, int rule, int ref) {
    }

    Sequencer(List<Document> existingObjects, boolean externalRefsAllowed, Consumer<Result> out) {
        this.out = out;
        this.externalRefsAllowed = externalRefsAllowed;
        for (Document d : existingObjects) {
            String key = ReferenceRules.key(d);
            if (key != null && existing.putIfAbsent(key, ReferenceRules.target(d)) == null) {
                names.computeIfAbsent(d.kind(), k -> new TreeSet<>()).add(d.name());
            }
        }
    }

    /** The next document in input order, with its final index. */
    void accept(Checked c) {
        if (c.key() != null && index.putIfAbsent(c.key(), c.target()) == null) {
            int slash = c.key().indexOf('/');
            names.computeIfAbsent(c.key().substring(0, slash), k -> new TreeSet<>()).add(c.key().substring(slash + 1));
            List<Waiter> ws = waiting.remove(c.key());
            if (ws != null) {
                for (Waiter w : ws) {
                    w.entry.targets[w.rule][w.ref] = c.target();
                    if (--w.entry.pending == 0) {
                        finish(w.entry);
                    }
                }
            }
        }
        Entry e = new Entry();
        if (c.result() != null) {
            e.result = c.result();
        } else {
            // Only references that can still make a finding are kept: one whose target is known and has
            // the key (or names none) cannot, nor can a missing one that may be external without a key
            // (a Secret created out of band). A document whose references are all settled is judged now;
            // one that waits keeps only what it waits for and what will be reported, not its whole list
            // (every CronJob waits for its Secret until the input ends: that list was most of the memory).
            List<List<ReferenceRules.Ref>> kept = new ArrayList<>(c.refs().size());
            List<List<ReferenceRules.Target>> known = new ArrayList<>(c.refs().size());
            for (int r = 0; r < c.refs().size(); r++) {
                ReferenceRules.ReferenceRule rule = ReferenceRules.ALL.get(r);
                List<ReferenceRules.Ref> keep = new ArrayList<>();
                List<ReferenceRules.Target> targets = new ArrayList<>();
                for (ReferenceRules.Ref ref : c.refs().get(r)) {
                    ReferenceRules.Target t = index.get(ReferenceRules.key(rule.kind(), ref.name()));
                    boolean findingPossible = t != null ? ref.key() != null && !t.hasKey(rule.keyFields(), ref.key())
                            : !rule.mayBeExternal() || ref.key() != null;
                    if (findingPossible) {
                        keep.add(ref);
                        targets.add(t);
                    }
                }
                kept.add(keep);
                known.add(targets);
            }
            e.targets = new ReferenceRules.Target[kept.size()][];
            for (int r = 0; r < kept.size(); r++) {
                e.targets[r] = known.get(r).toArray(new ReferenceRules.Target[0]);
                for (int i = 0; i < e.targets[r].length; i++) {
                    if (e.targets[r][i] == null) {
                        e.pending++;
                        String key = ReferenceRules.key(ReferenceRules.ALL.get(r).kind(), kept.get(r).get(i).name());
                        waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(new Waiter(e, r, i));
                    }
                }
            }
            if (e.pending == 0) {
                e.checked = new Checked(c.document(), null, c.findings(), c.skipped(), c.schemaLocation(), kept,
                        c.refLines(), c.key(), c.target());
                e.lines = c.refLines();
                finish(e);
            } else {
                // keep the lines its findings may need, not the document they come from
                Map<String, Integer> lines = new HashMap<>();
                for (List<ReferenceRules.Ref> refs : kept) {
                    for (ReferenceRules.Ref ref : refs) {
                        lines.computeIfAbsent(ref.path(), c.refLines()::applyAsInt);
                        if (ref.keyPath() != null) {
                            lines.computeIfAbsent(ref.keyPath(), c.refLines()::applyAsInt);
                        }
                    }
                }
                e.lines = path -> lines.getOrDefault(path, 0);
                e.checked = new Checked(c.document(), null, c.findings(), c.skipped(), c.schemaLocation(), kept,
                        Checked::unknownLine, c.key(), c.target());
            }
        }
        queue.add(e);
        handOn();
    }

    /** The input has ended: what still waits is not in the set (or exists outside it). */
    void end() {
        for (Entry e : queue) {
            if (e.result != null) {
                continue;
            }
            for (int r = 0; r < e.targets.length; r++) {
                String kind = ReferenceRules.ALL.get(r).kind();
                for (int i = 0; i < e.targets[r].length; i++) {
                    if (e.targets[r][i] == null) {
                        e.targets[r][i] = existing.get(ReferenceRules.key(kind, e.checked.refs().get(r).get(i).name()));
                    }
                }
            }
            finish(e);
        }
        waiting.clear();
        handOn();
    }

    private void handOn() {
        while (!queue.isEmpty() && queue.peek().result != null) {
            out.accept(queue.poll().result);
        }
    }

    /** Judges the references now that each has its target (or none will come) and makes the result. */
    private void finish(Entry e) {
        Checked c = e.checked;
        List<Finding> findings = new ArrayList<>(c.findings());
        Document doc = c.document();
        for (int r = 0; r < c.refs().size(); r++) {
            List<ReferenceRules.Ref> refs = c.refs().get(r);
            if (refs.isEmpty()) {
                continue;
            }
            ReferenceRules.ReferenceRule rule = ReferenceRules.ALL.get(r);
            ReferenceRules.judge(rule, refs, Arrays.asList(e.targets[r]), names.getOrDefault(rule.kind(), Set.of()),
                    externalRefsAllowed, new Rule.Sink() {
                        @Override
                        public void error(String path, String message) {
                            add(Severity.ERROR, path, message);
                        }

                        @Override
                        public void warning(String path, String message) {
                            add(Severity.WARNING, path, message);
                        }

                        private void add(Severity severity, String path, String message) {
                            int line = e.lines.applyAsInt(path);
                            findings.add(new Finding(doc.source(), doc.index(), line > 0 ? line : doc.line(),
                                    doc.displayName(), path, rule.id(), severity, message));
                        }
                    });
        }
        e.result = Validator.result(c, findings);
        e.checked = null;
        e.lines = null;
        e.targets = null;
    }
}
