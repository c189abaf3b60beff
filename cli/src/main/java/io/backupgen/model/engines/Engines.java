package io.backupgen.model.engines;

import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.cnpg.CnpgEngine;
import io.backupgen.model.engines.snapshots.SnapshotEngine;
import io.backupgen.model.engines.velero.VeleroEngine;
import io.backupgen.spec.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place engines are registered. A new engine is a module under {@code model/engines/<name>}
 * (its part of the model, its templates under {@code templates/engines/<name>/}, its chart files and
 * values, its spec section and rules) plus one line here.
 */
public final class Engines {
    private static final List<Engine> ALL = List.of(new CnpgEngine(), new SnapshotEngine(), new VeleroEngine());

    private Engines() {
    }

    public static List<Engine> all() {
        return ALL;
    }

    /** The parts of the engines the spec turns on, by name, in registration order. */
    public static Map<String, EnginePart> build(Spec spec, BackupModel core, boolean suspendAll) {
        Map<String, EnginePart> out = new LinkedHashMap<>();
        for (Engine e : ALL) {
            e.build(spec, core, suspendAll).ifPresent(p -> out.put(e.name(), p));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every part's base files, in registration order. */
    public static List<EnginePart.BaseFile> baseFiles(BackupModel m) {
        List<EnginePart.BaseFile> out = new ArrayList<>();
        m.engines().values().forEach(p -> out.addAll(p.baseFiles()));
        return out;
    }

    /** The part a base or extra file belongs to. */
    public static EnginePart partOf(BackupModel m, EnginePart.BaseFile file) {
        for (EnginePart p : m.engines().values()) {
            if (p.baseFiles().contains(file) || p.extraFiles().contains(file)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no engine renders " + file);
    }

    public static List<EnginePart.BaseFile> extraFiles(BackupModel m) {
        List<EnginePart.BaseFile> out = new ArrayList<>();
        m.engines().values().forEach(p -> out.addAll(p.extraFiles()));
        return out;
    }

    public static List<EnginePart.Pinned> pinned(BackupModel m) {
        List<EnginePart.Pinned> out = new ArrayList<>();
        m.engines().values().forEach(p -> out.addAll(p.pinned()));
        return out;
    }
}
