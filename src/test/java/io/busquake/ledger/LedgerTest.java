package io.busquake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private final Ledger ledger = Ledger.create();
    private final TargetLedger orders = ledger.target("orders");

    @Test
    void missing_isExpectedLessDeliveredDeadLetteredAndAllowedLoss() {
        for (long seq = 0; seq < 10; seq++) {
            orders.recordExpected(seq);
        }
        orders.recordDelivered(0, 1, 100, 50);
        orders.recordDelivered(1, 1, 100, 50);
        orders.recordDeadLettered(2, "NO_PERMISSIONS", null);
        orders.recordDeadLettered(3, "SDK_CLIENT_ERROR", "MaximumRetryAttempts");
        // Delivered but never expected (a rule the verifier did not predict) is not "missing".
        orders.recordDelivered(42, 1, 100, 50);

        SequenceSet missing = orders.missing(SequenceSet.of(9));

        assertThat(missing.first(100)).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(missing.count()).isEqualTo(5);
        assertThat(orders.counts()).isEqualTo(new TargetCounts("orders", 10, 3, 0, 2, 0, 0, 6));
    }

    @Test
    void secondReceipt_orReceiveCountAboveOne_isDeliveredMoreThanOnce() {
        assertThat(orders.recordDelivered(1, 1, 0, 0)).isTrue();
        assertThat(orders.recordDelivered(1, 2, 0, 0)).isFalse();
        assertThat(orders.recordDelivered(2, 3, 0, 0)).isTrue();
        orders.recordDelivered(3, 1, 0, 0);

        assertThat(orders.delivered().first(10)).containsExactly(1L, 2L, 3L);
        assertThat(orders.deliveredMoreThanOnce().first(10)).containsExactly(1L, 2L);
    }

    @Test
    void secondSideEffect_isProcessedMoreThanOnce_withItsKey() {
        assertThat(orders.recordProcessed(5, "order-5")).isTrue();
        assertThat(orders.recordProcessed(5, "order-5")).isFalse();
        assertThat(orders.recordProcessed(5, "order-5")).isFalse();
        orders.recordProcessed(6, "order-6");

        assertThat(orders.processed().count()).isEqualTo(2);
        assertThat(orders.processedMoreThanOnce().first(10)).containsExactly(5L);
        assertThat(orders.firstDuplicateEffects(10)).containsExactly(new DuplicateEffect(5, Optional.of("order-5")));
    }

    @Test
    void duplicateKeys_keepTheSmallestSequenceNumbers_whenThereAreTooManyToKeep() {
        int n = TargetLedger.KEPT_DUPLICATE_KEYS + 10;
        for (long seq = n - 1; seq >= 0; seq--) {
            orders.recordProcessed(seq, "k" + seq);
            orders.recordProcessed(seq, "k" + seq);
        }

        List<DuplicateEffect> all = orders.firstDuplicateEffects(n);

        assertThat(all).hasSize(n);
        assertThat(all.get(0)).isEqualTo(new DuplicateEffect(0, Optional.of("k0")));
        assertThat(all.get(TargetLedger.KEPT_DUPLICATE_KEYS - 1).idempotencyKey()).isPresent();
        assertThat(all.get(TargetLedger.KEPT_DUPLICATE_KEYS).idempotencyKey()).isEmpty();
    }

    @Test
    void deadLetters_areKeptByErrorCodeAndExhaustedRetryCondition() {
        orders.recordDeadLettered(1, "NO_PERMISSIONS", null);
        orders.recordDeadLettered(2, "NO_RESOURCE", null);
        orders.recordDeadLettered(3, "SDK_CLIENT_ERROR", "MaximumRetryAttempts");
        orders.recordDeadLettered(4, "SDK_CLIENT_ERROR", "MaximumEventAgeInSeconds");

        assertThat(orders.deadLettered().first(10)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(orders.deadLetteredByErrorCode()).isEqualTo(Map.of(
                "NO_PERMISSIONS", SequenceSet.of(1), "NO_RESOURCE", SequenceSet.of(2),
                "SDK_CLIENT_ERROR", SequenceSet.of(3, 4)));
        assertThat(orders.deadLetteredByExhaustedRetryCondition()).isEqualTo(Map.of(
                "MaximumRetryAttempts", SequenceSet.of(3), "MaximumEventAgeInSeconds", SequenceSet.of(4)));
    }

    @Test
    void rejections_areKeptByErrorCode_andAcceptingTwiceCountsOnce() {
        ledger.recordRejected(1, "ThrottlingException");
        ledger.recordAccepted(1);
        ledger.recordAccepted(1);
        ledger.recordRejected(2, "InternalException");
        ledger.recordRejected(3, "ThrottlingException");

        assertThat(ledger.accepted()).isEqualTo(SequenceSet.of(1));
        assertThat(ledger.rejected()).isEqualTo(SequenceSet.of(1, 2, 3));
        assertThat(ledger.rejectedByErrorCode()).containsOnlyKeys("InternalException", "ThrottlingException");
        assertThat(ledger.rejectedByErrorCode().get("ThrottlingException")).isEqualTo(SequenceSet.of(1, 3));
    }

    @Test
    void latency_isRecordedForTheFirstReceiptOnly_andIntervalsDoNotDisturbTheTotal() {
        orders.recordDelivered(1, 1, 1_500, 1_000);
        orders.recordDelivered(1, 2, 90_000_000, 1_000);
        Histogram firstInterval = orders.takeLatencyInterval();
        orders.recordDelivered(2, 1, 2_000, 1_000);
        orders.recordDelivered(3, 1, 900, 1_000);

        Histogram total = orders.latencyMicros();
        Histogram secondInterval = orders.takeLatencyInterval();

        assertThat(firstInterval.getTotalCount()).isEqualTo(1);
        assertThat(firstInterval.getMaxValue()).isBetween(499L, 501L);
        assertThat(secondInterval.getTotalCount()).isEqualTo(2);
        assertThat(total.getTotalCount()).isEqualTo(3);
        assertThat(total.getMinValue()).isZero();
        assertThat(total.getMaxValue()).isBetween(999L, 1_001L);
        assertThat(orders.takeLatencyInterval().getTotalCount()).isZero();
    }

    @Test
    void sequenceNumbersAboveTwoToThe31_areKeptInOrder() {
        orders.recordExpected(Ledger.MAX_SEQ);
        orders.recordExpected(1L << 31);
        orders.recordExpected(7);

        assertThat(orders.missing(SequenceSet.empty()).first(3)).containsExactly(7L, 1L << 31, Ledger.MAX_SEQ);
    }

    @Test
    void seqOutsideTheRange_isRefusedWithTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> orders.recordExpected(Ledger.MAX_SEQ + 1));
        assertThat(e.getMessage()).contains("4294967296").contains("0..4294967295");
        assertThrows(IllegalArgumentException.class, () -> ledger.recordAccepted(-1));
    }

    @Test
    void blankTargetOrErrorCode_isRefused() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> ledger.target(" ")).getMessage())
                .contains("targetId");
        assertThat(assertThrows(IllegalArgumentException.class, () -> orders.recordDeadLettered(1, null, null))
                .getMessage()).contains("ERROR_CODE");
        assertThat(assertThrows(IllegalArgumentException.class, () -> orders.recordDelivered(1, 0, 0, 0))
                .getMessage()).contains("receiveCount");
    }

    @Test
    void sequenceSetAlgebra_andFirst() {
        SequenceSet a = SequenceSet.range(0, 10);
        SequenceSet b = SequenceSet.of(5, 15);

        assertThat(a.union(b).count()).isEqualTo(11);
        assertThat(a.intersect(b)).isEqualTo(SequenceSet.of(5));
        assertThat(a.minus(b).first(3)).containsExactly(0L, 1L, 2L);
        assertThat(SequenceSet.range(3, 3).isEmpty()).isTrue();
        assertThat(a.toString()).startsWith("10 [0, 1");
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.range(5, 3));
    }
}
