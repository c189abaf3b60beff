package io.backupgen.validate;

import io.backupgen.document.DocumentReader;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * One streamed validation ({@link Validator#validate(List, InputStream, Predicate, Validator.Sink)}):
 * the calling thread cuts the input into documents in order and hands each to a worker that parses
 * and checks it; the calling thread then takes the checked documents back in order, numbers them,
 * and passes them through a {@link Sequencer} to the sink. At most {@link #MAX_IN_FLIGHT} documents
 * (and {@link #MAX_BYTES_IN_FLIGHT} of their text) are between the two at any time.
 */
final class Streaming {
    static final int MAX_IN_FLIGHT = 256;
    static final long MAX_BYTES_IN_FLIGHT = 32L * 1024 * 1024;

    private final Validator validator;
    private final Validator.Sink sink;
    private final Sequencer sequencer;
    private final ArrayDeque<Object> inFlight = new ArrayDeque<>(); // a source name, or a Work
    private final ExecutorService pool;
    private long bytes;
    private int next;
    private long results;
    private boolean ok = true;

    private record Work(int size, Future<List<Checked>> checked) {
    }

    Streaming(Validator validator, Validator.Sink sink) {
        this.validator = validator;
        this.sink = sink;
        this.sequencer = new Sequencer(List.of(), validator.externalRefsAllowed(), this::emit);
        int threads = validator.options().parallelism();
        this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backupgen-validate");
            t.setDaemon(true);
            return t;
        });
    }

    Validator.Outcome run(List<String> paths, InputStream stdin, Predicate<String> ignored) {
        try {
            DocumentReader.read(paths, stdin, ignored, new DocumentReader.Parts() {
                @Override
                public void source(String source) {
                    inFlight.add(source);
                    takeDone();
                }

                @Override
                public void part(DocumentReader.Part part) {
                    if (pool == null) {
                        inFlight.add(new Work(0, java.util.concurrent.CompletableFuture.completedFuture(check(part))));
                    } else {
                        inFlight.add(new Work(part.size(), pool.submit(() -> check(part))));
                        bytes += part.size();
                    }
                    while (inFlight.size() > MAX_IN_FLIGHT || bytes > MAX_BYTES_IN_FLIGHT) {
                        take();
                    }
                    takeDone();
                }
            });
            while (!inFlight.isEmpty()) {
                take();
            }
            sequencer.end();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new Validator.Outcome(results, ok);
    }

    private List<Checked> check(DocumentReader.Part part) {
        List<DocumentReader.Item> items = part.read();
        List<Checked> out = new ArrayList<>(items.size());
        for (DocumentReader.Item item : items) {
            out.add(item.document() != null ? validator.check(item.document()) : Checked.of(Validator.parseError(item.error())));
        }
        return out;
    }

    /** Takes what is already done at the head, without waiting: results flow while input is read. */
    private void takeDone() {
        while (!inFlight.isEmpty() && (inFlight.peek() instanceof String || ((Work) inFlight.peek()).checked().isDone())) {
            take();
        }
    }

    private void take() {
        Object head = inFlight.poll();
        if (head instanceof String source) {
            sink.source(source);
            next = 0;
            return;
        }
        Work work = (Work) head;
        bytes -= work.size();
        List<Checked> checked;
        try {
            checked = work.checked().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("validation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        for (Checked c : checked) {
            sequencer.accept(c.at(next++));
        }
    }

    private void emit(Result r) {
        results++;
        ok &= r.status() != Status.ERROR && r.status() != Status.INVALID && r.errors().isEmpty();
        sink.result(r);
    }
}
