package io.backupgen.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What {@link Scalars#plain}'s shortcut for long scalars relies on. */
class ScalarsTest {
    @Test
    void noWordNorNonJsonValueIsLongerThanTheShortcutAssumes() {
        assertThat(Scalars.WORDS.keySet()).allMatch(w -> w.length() <= Scalars.MAX_WORD);
        assertThat(Scalars.NOT_JSON).allMatch(w -> w.length() <= Scalars.MAX_WORD);
        assertThat(Scalars.WORDS.keySet()).anyMatch(w -> w.length() == Scalars.MAX_WORD); // "false": the bound is tight
    }

    @Test
    void wordsAtTheBoundStillResolve() throws Exception {
        assertThat(Scalars.plain("FALSE").booleanValue()).isFalse();
        assertThat(Scalars.plain("falsey").textValue()).isEqualTo("falsey");
        assertThatThrownBy(() -> Scalars.plain("+.inf")).isInstanceOf(Scalars.NotJson.class);
        assertThat(Scalars.plain("+.info").textValue()).isEqualTo("+.info");
    }
}
