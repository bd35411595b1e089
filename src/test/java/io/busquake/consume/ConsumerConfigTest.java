package io.busquake.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {
    @Test
    void defaults_areOneIdempotentWorkerWithTwentySecondPolls() {
        ConsumerConfig config = ConsumerConfig.of("orders", "http://q");
        assertThat(config.concurrency()).isEqualTo(1);
        assertThat(config.idempotent()).isTrue();
        assertThat(config.waitTimeSeconds()).isEqualTo(20);
        assertThat(config.visibility().usesQueueDefault()).isTrue();
        assertThat(config.idempotencyExpiry()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void concurrencyOutOfRange_isRefusedWithTheRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.of("orders", "http://q").withConcurrency(0));
        assertThat(e.getMessage()).contains("concurrency").contains("1 to 1000").contains("was 0");
    }

    @Test
    void waitTimeAboveTwenty_isRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.of("orders", "http://q").withWaitTimeSeconds(21));
        assertThat(e.getMessage()).contains("0 to 20").contains("was 21");
    }

    @Test
    void visibilityAboveTwelveHours_isRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConsumerConfig.Visibility.ofSeconds(43_201));
        assertThat(e.getMessage()).contains("0 to 43200").contains("43201");
    }
}
