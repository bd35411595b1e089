package io.busquake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerMergeTest {
    @Test
    void twoInjectorsWithInterleavedSequences_mergeIntoOneRun() {
        Ledger a = Ledger.create();
        Ledger b = Ledger.create();
        for (long seq = 0; seq < 20; seq++) {
            Ledger mine = seq % 2 == 0 ? a : b;
            mine.recordAccepted(seq);
            mine.target("orders").recordExpected(seq);
        }
        a.recordRejected(100, "ThrottlingException");
        b.recordRejected(101, "ThrottlingException");
        // The consumers ran in injector a's JVM and saw everything but 5, which b's DLQ reader found.
        for (long seq = 0; seq < 20; seq++) {
            if (seq != 5 && seq != 11) {
                a.target("orders").recordDelivered(seq, 1, 2_000, 1_000);
            }
        }
        b.target("orders").recordDeadLettered(5, "NO_PERMISSIONS", null);
        b.target("audit").recordExpected(3);

        Ledger merged = a.mergedWith(b);

        assertThat(merged.accepted()).isEqualTo(SequenceSet.range(0, 20));
        assertThat(merged.rejectedByErrorCode().get("ThrottlingException")).isEqualTo(SequenceSet.of(100, 101));
        assertThat(merged.targetIds()).containsExactly("audit", "orders");
        assertThat(merged.target("orders").missing(SequenceSet.empty())).isEqualTo(SequenceSet.of(11));
        assertThat(merged.target("orders").deadLetteredByErrorCode().get("NO_PERMISSIONS"))
                .isEqualTo(SequenceSet.of(5));
        assertThat(merged.target("orders").latencyMicros().getTotalCount()).isEqualTo(18);
        assertThat(merged.target("audit").missing(SequenceSet.empty())).isEqualTo(SequenceSet.of(3));
        // Neither input changed.
        assertThat(a.accepted().count()).isEqualTo(10);
        assertThat(a.findTarget("audit")).isEmpty();
    }

    @Test
    void deliveredOrProcessedInBothLedgers_isMoreThanOnce() {
        Ledger a = Ledger.create();
        Ledger b = Ledger.create();
        a.target("orders").recordDelivered(1, 1, 0, 0);
        b.target("orders").recordDelivered(1, 1, 0, 0);
        a.target("orders").recordDelivered(2, 1, 0, 0);
        a.target("orders").recordProcessed(1, "k1");
        b.target("orders").recordProcessed(1, "k1");
        b.target("orders").recordProcessed(3, "k3");
        b.target("orders").recordProcessed(3, "k3");

        TargetLedger merged = a.mergedWith(b).target("orders");

        assertThat(merged.deliveredMoreThanOnce()).isEqualTo(SequenceSet.of(1));
        assertThat(merged.processedMoreThanOnce()).isEqualTo(SequenceSet.of(1, 3));
        assertThat(merged.firstDuplicateEffects(5)).containsExactly(
                new DuplicateEffect(1, Optional.empty()), new DuplicateEffect(3, Optional.of("k3")));
    }

    @Test
    void ledgersThatAcceptedTheSameSequenceNumbers_areRefused() {
        Ledger a = Ledger.create();
        Ledger b = Ledger.create();
        a.recordAccepted(4);
        b.recordAccepted(4);

        var e = assertThrows(IllegalArgumentException.class, () -> a.mergedWith(b));

        assertThat(e.getMessage()).contains("[4]").contains("range of its own");
    }
}
