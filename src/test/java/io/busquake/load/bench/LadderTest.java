package io.busquake.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderTest {
    private static final Duration S10 = Duration.ofSeconds(10);
    private static final Duration S2 = Duration.ofSeconds(2);
    private static final Duration S8 = Duration.ofSeconds(8);

    @Test
    void geometricLadder_climbsByTheFactor_upToTheTopInclusive() {
        Ladder ladder = Ladder.geometric(S10, S2, S8, 1000, 2000, 1.25);

        assertThat(ladder.ratesPerSecond()).containsExactly(1000.0, 1250.0, 1563.0, 1953.0);
    }

    @Test
    void geometricLadder_landsOnTheTop_despiteRoundingErrors() {
        assertThat(Ladder.geometric(S10, S2, S8, 100, 121, 1.1).ratesPerSecond()).containsExactly(100.0, 110.0, 121.0);
    }

    @Test
    void ladderFromARateToItself_isOneStep() {
        assertThat(Ladder.geometric(S10, S2, S8, 3000, 3000, 1.25).ratesPerSecond()).containsExactly(3000.0);
    }

    @Test
    void ratesThatRoundToTheSameWholeNumber_areOneStep() {
        assertThat(Ladder.geometric(S10, S2, S8, 1, 3, 1.2).ratesPerSecond()).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void steps_followTheWarmUp_andOnlyTheirEndIsMeasured() {
        Ladder ladder = new Ladder(S10, S2, S8, List.of(100.0, 200.0));
        long s = 1_000_000_000L;

        assertThat(ladder.stepAt(0)).isEqualTo(-1);
        assertThat(ladder.stepAt(10 * s - 1)).isEqualTo(-1);
        assertThat(ladder.stepAt(10 * s)).isZero();
        assertThat(ladder.measured(10 * s)).isFalse();
        assertThat(ladder.measured(12 * s - 1)).isFalse();
        assertThat(ladder.measured(12 * s)).isTrue();
        assertThat(ladder.stepAt(20 * s - 1)).isZero();
        assertThat(ladder.stepAt(20 * s)).isEqualTo(1);
        assertThat(ladder.stepAt(30 * s)).isEqualTo(2);
        assertThat(ladder.measured(30 * s)).isFalse();
        assertThat(ladder.totalDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void warmUp_rampsFromAShareOfTheFirstRate_andItsUsersAreCountedFromItsMeanRate() {
        Ladder ladder = new Ladder(S10, S2, S8, List.of(2000.0));

        assertThat(ladder.warmupFromPerSecond()).isEqualTo(100.0);
        assertThat(ladder.warmupUsers()).isEqualTo(10_500);
        assertThat(new Ladder(Duration.ZERO, S2, S8, List.of(2000.0)).warmupUsers()).isZero();
    }

    @Test
    void ratesThatDoNotClimb_areRejected() {
        assertThatThrownBy(() -> new Ladder(S10, S2, S8, List.of(200.0, 100.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending")
                .hasMessageContaining("[200.0, 100.0]");
        assertThatThrownBy(() -> Ladder.geometric(S10, S2, S8, 100, 200, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor")
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> Ladder.geometric(S10, S2, S8, 300, 200, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 300.0 to 200.0");
        assertThatThrownBy(() -> new Ladder(S10, S2, Duration.ZERO, List.of(100.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("measure");
    }
}
