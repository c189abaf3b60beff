package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A {@code --schema-location} that is a directory layout or a file path template on disk. */
record LocalSchemas(String location) implements SchemaRegistry {
    @Override
    public Optional<JsonNode> load(String kind, String apiVersion, String kubernetesVersion, boolean strict)
            throws SchemaLoadException {
        String expanded = Template.expand(location, kind, apiVersion, kubernetesVersion, strict);
        Path p;
        try {
            p = Path.of(expanded);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SchemaLoadException("schema location " + location + " gives an invalid path: " + expanded, e);
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new SchemaLoadException("cannot read schema " + p + ": permission denied", e);
        } catch (MalformedInputException e) {
            throw new SchemaLoadException("the schema " + p + " is not UTF-8 text: a broken schema", e);
        } catch (IOException e) {
            if (Files.isDirectory(p)) {
                throw new SchemaLoadException("schema location " + location + " gives a directory, not a file: " + p, e);
            }
            throw new SchemaLoadException("cannot read schema " + p + ": " + e.getMessage(), e);
        }
        return Optional.of(SchemaRegistry.parse(text, p.toString()));
    }
}
