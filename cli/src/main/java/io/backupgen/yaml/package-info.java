/**
 * The one YAML reading path of backupgen, for manifests and specs alike: YAML as kubectl reads it,
 * with every key's and value's position, under limits, with errors as data.
 *
 * <pre>{@code
 * // a spec: one document expected, duplicate keys refused, small limits
 * YamlReader reader = new YamlReader(YamlLimits.manifests().withMaxInputBytes(1 << 20));
 * List<YamlDocument> docs = reader.parse("backupgen.yaml", text);
 * YamlDocument d = docs.get(0);
 * if (!d.ok()) { d.error().line(); d.error().column(); d.error().message(); }
 * d.body();                                            // Jackson tree, as the API server would see it
 * d.positions().key("/database/name");                 // where the key is (Optional<Position>)
 * d.positions().findValue(JsonPointer.compile("/database/port")); // its value, or the nearest parent
 * d.warnings();                                        // duplicate keys read last-wins, keys a merge overrode
 *
 * // manifests: streamed, one document in memory at a time
 * try (YamlStream s = YamlReader.forManifests().open(path.toString(), Files.newInputStream(path))) {
 *     while (s.hasNext()) { YamlDocument doc = s.next(); ... }
 * }
 * }</pre>
 *
 * {@link io.backupgen.yaml.Positions} replaces a second parsing pass ({@code SourceMap}): keys and
 * values by RFC 6901 JSON pointer, with fall-back to the nearest parent. A document that has more
 * than one {@code ---} section gives more than one {@link io.backupgen.yaml.YamlDocument}; a caller
 * that wants exactly one says so.
 */
package io.backupgen.yaml;
