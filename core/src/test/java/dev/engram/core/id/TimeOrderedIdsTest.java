package dev.engram.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.testing.Clocks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersionSevenWithTheCurrentMillisecondsInFront() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(Clocks.millisOf(id)).isBetween(before, after);
    }

    @Test
    void laterIdsSortLaterInTheOrderPostgresGivesUuids() {
        // Postgres orders uuids byte by byte, as the lowercase text sorts; UUID.compareTo compares signed longs
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            UUID id = TimeOrderedIds.next();
            made.add(id.toString());
            if (i % 5_000 == 0) {
                Clocks.awaitMillisecondAfter(Clocks.millisOf(id));
            }
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(new HashSet<>(made.stream().map(id -> id.substring(0, 13)).toList())).hasSizeGreaterThan(1);
    }
}
