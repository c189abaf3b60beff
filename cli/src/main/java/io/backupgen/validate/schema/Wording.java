package io.backupgen.validate.schema;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;

/**
 * networknt's English messages, word for word, for the keywords {@link Dialect#DRAFT_2020_12} reports
 * with the engine's own text ({@code SpecSchema} shows those of {@code oneOf} and {@code uniqueItems} to
 * users as they were), without the location networknt puts in front; so the spec check needs no networknt
 * class to say them.
 */
final class Wording {
    private static final Map<String, String> ENGLISH = Map.of(
            "minLength", "must be at least {0} characters long",
            "maxLength", "must be at most {0} characters long",
            "minItems", "must have at least {0} items but found {1}",
            "pattern", "does not match the regex pattern {0}",
            "minimum", "must have a minimum value of {0}",
            "maximum", "must have a maximum value of {0}",
            "oneOf", "must be valid to one and only one schema, but {0} are valid",
            "oneOf.indexes", "must be valid to one and only one schema, but {0} are valid with indexes ''{1}''",
            "uniqueItems", "must have only unique items in the array",
            "propertyNames", "property ''{0}'' name is not valid: {1}");

    private Wording() {
    }

    static String english(String key, Object... arguments) {
        String pattern = ENGLISH.get(key);
        if (pattern == null) {
            throw new IllegalArgumentException("no wording for " + key);
        }
        return new MessageFormat(pattern, Locale.ENGLISH).format(arguments);
    }
}
