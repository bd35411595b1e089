package io.busquake.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.consume.IdempotencyStore.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contract every store must keep; a DynamoDB store gets this same test. */
class IdempotencyStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final IdempotencyStore store = IdempotencyStore.inMemory();

    @Test
    void firstClaim_isClaimed_andASecondWhileInProgress_isRefused() {
        assertThat(store.claim("k", T0, T0.plusSeconds(30))).isEqualTo(Claim.CLAIMED);
        assertThat(store.claim("k", T0.plusSeconds(29), T0.plusSeconds(59))).isEqualTo(Claim.IN_PROGRESS);
    }

    @Test
    void anAbandonedClaim_expires_andTheKeyCanBeClaimedAgain() {
        store.claim("k", T0, T0.plusSeconds(30));
        assertThat(store.claim("k", T0.plusSeconds(30), T0.plusSeconds(60))).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void aCompletedKey_isCompletedUntilItExpires() {
        store.claim("k", T0, T0.plusSeconds(30));
        store.complete("k", T0.plus(Duration.ofHours(1)));

        assertThat(store.claim("k", T0.plusSeconds(3599), T0.plusSeconds(3629))).isEqualTo(Claim.COMPLETED);
        assertThat(store.claim("k", T0.plusSeconds(3600), T0.plusSeconds(3630))).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void aReleasedKey_canBeClaimedAgainAtOnce() {
        store.claim("k", T0, T0.plusSeconds(30));
        store.release("k");
        assertThat(store.claim("k", T0, T0.plusSeconds(30))).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void racingClaims_leaveExactlyOneWinner() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Claim>> claims = IntStream.range(0, threads).mapToObj(i -> pool.submit(() -> {
                start.await();
                return store.claim("k", T0, T0.plusSeconds(30));
            })).toList();
            start.countDown();
            long winners = 0;
            for (Future<Claim> claim : claims) {
                winners += claim.get() == Claim.CLAIMED ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }
}
