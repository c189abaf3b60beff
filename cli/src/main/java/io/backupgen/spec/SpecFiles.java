package io.backupgen.spec;

import io.backupgen.text.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads spec and profile files as a person would want: the size is checked before anything is parsed
 * (a spec is a page of YAML; a huge one is a mistake, and parsing it would take minutes), the bytes
 * must be UTF-8 text, and every failure is a positioned {@link Diagnostic} saying what to do.
 */
final class SpecFiles {
    /** Specs and profiles are small; 1 MiB is hundreds of times the largest sample. */
    static final int MAX_BYTES = 1024 * 1024;

    private SpecFiles() {
    }

    /** The text of {@code file}, or a {@link SpecException} naming the file and what to do. */
    static String read(Path file, String display) {
        if (Files.isDirectory(file)) {
            throw fail(display, "is a directory, not a file", "name a YAML file");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw fail(display, "no such file", "");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in.readNBytes(MAX_BYTES + 1), display);
        } catch (NoSuchFileException e) {
            throw fail(display, "no such file (a broken symbolic link?)", "");
        } catch (IOException e) {
            IoErrors.Problem p = IoErrors.describe(e);
            throw fail(display, "cannot read: " + p.cause(), p.advice());
        }
    }

    /** Standard input, with the same limits. */
    static String read(InputStream in, String display) {
        try {
            return decode(in.readNBytes(MAX_BYTES + 1), display);
        } catch (IOException e) {
            IoErrors.Problem p = IoErrors.describe(e);
            throw fail(display, "cannot read: " + p.cause(), p.advice());
        }
    }

    private static String decode(byte[] bytes, String display) {
        if (bytes.length > MAX_BYTES) {
            throw fail(display, "larger than " + MAX_BYTES / 1024 + " KiB; a spec or profile is a page of YAML",
                    "check that this is the spec you meant (-f)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(display, "not UTF-8 text (is it a binary file?)", "save it as UTF-8 YAML");
        }
    }

    private static SpecException fail(String display, String message, String suggestion) {
        return new SpecException(List.of(new Diagnostic(display, 0, 0, "", message, "", suggestion)));
    }
}
