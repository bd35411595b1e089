package io.busquake.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LedgerConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 50_000;

    @Test
    void manyThreadsRecording_leaveExactTotals() throws Exception {
        Ledger ledger = Ledger.create();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    // Threads interleave on the same sequence numbers, as Gatling users and consumers do.
                    for (int i = 0; i < PER_THREAD; i++) {
                        long seq = (long) i * THREADS + thread;
                        ledger.recordAccepted(seq);
                        TargetLedger target = ledger.target(seq % 2 == 0 ? "even" : "odd");
                        target.recordExpected(seq);
                        target.recordDelivered(seq, 1, 10, 0);
                        // Every tenth event is delivered a second time, by the neighbouring thread.
                        if (i % 10 == 0) {
                            long neighbours = (long) i * THREADS + (thread + 1) % THREADS;
                            ledger.target(neighbours % 2 == 0 ? "even" : "odd").recordDelivered(neighbours, 1, 10, 0);
                        }
                        target.recordProcessed(seq, "k" + seq);
                        if (seq % 100 == 0) {
                            ledger.recordRejected(seq, "ThrottlingException");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        long total = (long) THREADS * PER_THREAD;
        assertThat(ledger.accepted().count()).isEqualTo(total);
        assertThat(ledger.rejected().count()).isEqualTo(total / 100);
        TargetCounts even = ledger.target("even").counts();
        TargetCounts odd = ledger.target("odd").counts();
        assertThat(even.expected() + odd.expected()).isEqualTo(total);
        assertThat(even.processed() + odd.processed()).isEqualTo(total);
        assertThat(even.processedMoreThanOnce() + odd.processedMoreThanOnce()).isZero();
        assertThat(even.missing() + odd.missing()).isZero();
        assertThat(even.delivered() + odd.delivered()).isEqualTo(total);
        assertThat(even.deliveredMoreThanOnce() + odd.deliveredMoreThanOnce()).isEqualTo(total / 10);
        assertThat(ledger.target("even").latencyMicros().getTotalCount()
                + ledger.target("odd").latencyMicros().getTotalCount()).isEqualTo(total);
    }
}
