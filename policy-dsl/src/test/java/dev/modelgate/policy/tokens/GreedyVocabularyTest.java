package dev.modelgate.policy.tokens;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GreedyVocabularyTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void takesTheLongestEntryAtEachPosition() {
        GreedyVocabulary vocabulary = GreedyVocabulary.of(List.of(utf8("ab"), utf8("abc"), utf8("abcd"), utf8("cd"), utf8(" the")));
        assertThat(vocabulary.count("abcd")).isEqualTo(1);
        assertThat(vocabulary.count("abcab")).isEqualTo(2);     // abc + ab
        assertThat(vocabulary.count("abce")).isEqualTo(2);      // abc + e: backs up from the unfinished abcd
        assertThat(vocabulary.count(" the cd")).isEqualTo(3);   // " the", " ", "cd"
        assertThat(vocabulary.count("")).isZero();
    }

    @Test
    void walksUtf8BytesOfEveryWidthWithoutCopying() {
        GreedyVocabulary bytesOnly = GreedyVocabulary.of(List.of());
        assertThat(bytesOnly.count("é")).isEqualTo(2);
        assertThat(bytesOnly.count("日本")).isEqualTo(6);
        assertThat(bytesOnly.count("🙂")).isEqualTo(4);
        assertThat(bytesOnly.count("a\uD800b")).as("an unpaired surrogate is '?', as String.getBytes writes it").isEqualTo(3);

        GreedyVocabulary words = GreedyVocabulary.of(List.of(utf8("日本"), utf8("🙂"), utf8("é"), utf8("本語")));
        assertThat(words.count("日本語")).isEqualTo(1 + 3);      // 日本 + the three bytes of 語
        assertThat(words.count("🙂🙂é")).isEqualTo(3);
    }

    @Test
    void entriesMayEndInsideACharacter() {
        byte[] nihon = utf8("日");
        GreedyVocabulary partial = GreedyVocabulary.of(List.of(new byte[] {nihon[0], nihon[1]}, new byte[] {nihon[2], 'x'}));
        assertThat(partial.count("日x")).isEqualTo(2);
    }

    @Test
    void realVocabularyMatchesKnownSingleTokens() {
        GreedyVocabulary o200k = GreedyVocabulary.ofJtokkitResource("o200k_base.tiktoken");
        assertThat(o200k.count("hello world")).isEqualTo(2);
        assertThat(o200k.count(" the")).isEqualTo(1);
    }
}
