package io.backupgen.render;

/**
 * One output file: where it goes (relative, '/'-separated) and its full text.
 *
 * @param path    e.g. {@code k8s/base/backup-cronjob.yaml}
 * @param content the file's text, ending in a newline
 */
public record RenderedFile(String path, String content) {
    public boolean isYaml() {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }
}
