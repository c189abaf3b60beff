package io.backupgen.pipeline;

import io.backupgen.render.RenderedFile;
import java.util.List;
import java.util.Set;

/**
 * A rendered tree, ready to write: files carry their generated-by mark.
 *
 * @param files       every output file, sorted by path
 * @param managedDirs folders backupgen owns generated files in (where stale ones are pruned)
 */
public record Rendering(List<RenderedFile> files, Set<String> managedDirs) {
}
