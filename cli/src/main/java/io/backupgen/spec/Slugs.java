package io.backupgen.spec;

import java.text.Normalizer;
import java.util.Locale;

/** Turns a project name into a DNS-1123 label ("Acme Shop!" -> "acme-shop"). */
public final class Slugs {
    private Slugs() {
    }

    public static String derive(String name) {
        if (name == null) {
            return "";
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** Cut to {@code max} characters without leaving a trailing dash. */
    public static String shorten(String slug, int max) {
        String cut = slug.length() <= max ? slug : slug.substring(0, max);
        return cut.replaceAll("-+$", "");
    }
}
