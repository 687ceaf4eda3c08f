package dev.engram.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivateContentTest {

    @Test
    void removesEverySpan() {
        assertThat(PrivateContent.strip("a<private>x</private>b<private>y</private>c")).isEqualTo("abc");
    }

    @Test
    void removesMultiLineSpans() {
        assertThat(PrivateContent.strip("keep\n<private>line one\nline two</private>\nalso keep"))
                .isEqualTo("keep\n\nalso keep");
    }

    @Test
    void matchesTagsInAnyCase() {
        assertThat(PrivateContent.strip("a<PRIVATE>secret</Private>b")).isEqualTo("ab");
    }

    @Test
    void hidesTheRestWhenTagIsNotClosed() {
        assertThat(PrivateContent.strip("visible <private>secret and everything after")).isEqualTo("visible ");
    }

    @Test
    void leavesTextWithoutSpansAlone() {
        assertThat(PrivateContent.strip("if (a < b) return;")).isEqualTo("if (a < b) return;");
    }
}
