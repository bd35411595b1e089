package io.busquake.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerFileTest {
    @TempDir
    Path dir;

    static Ledger sample() {
        Ledger ledger = Ledger.create();
        for (long seq = 0; seq < 100_000; seq++) {
            ledger.recordAccepted(seq);
            ledger.target("orders").recordExpected(seq);
            if (seq % 1000 != 7) {
                ledger.target("orders").recordDelivered(seq, seq % 500 == 0 ? 2 : 1, seq + 300, seq);
                ledger.target("orders").recordProcessed(seq, "key-" + seq);
            }
        }
        ledger.recordRejected(100_000, "ThrottlingException");
        ledger.target("orders").recordDeadLettered(7, "NO_PERMISSIONS", null);
        ledger.target("orders").recordDeadLettered(1007, "SDK_CLIENT_ERROR", "MaximumRetryAttempts");
        ledger.target("orders").recordProcessed(42, "key-42");
        ledger.target("audit").recordExpected(Ledger.MAX_SEQ);
        return ledger;
    }

    @Test
    void writtenAndReadBack_answersEveryQuestionTheSame() throws IOException {
        Ledger original = sample();
        Path file = dir.resolve("run-1/ledger.bin");

        original.writeTo(file);
        Ledger read = Ledger.readFrom(file);

        assertThat(read.targetIds()).containsExactly("audit", "orders");
        assertThat(read.accepted()).isEqualTo(original.accepted());
        assertThat(read.rejectedByErrorCode()).isEqualTo(original.rejectedByErrorCode());
        for (String id : original.targetIds()) {
            TargetLedger a = original.target(id);
            TargetLedger b = read.target(id);
            assertThat(b.counts()).isEqualTo(a.counts());
            assertThat(b.expected()).isEqualTo(a.expected());
            assertThat(b.delivered()).isEqualTo(a.delivered());
            assertThat(b.deliveredMoreThanOnce()).isEqualTo(a.deliveredMoreThanOnce());
            assertThat(b.deadLetteredByErrorCode()).isEqualTo(a.deadLetteredByErrorCode());
            assertThat(b.deadLetteredByExhaustedRetryCondition()).isEqualTo(a.deadLetteredByExhaustedRetryCondition());
            assertThat(b.processedMoreThanOnce()).isEqualTo(a.processedMoreThanOnce());
            assertThat(b.firstDuplicateEffects(10)).isEqualTo(a.firstDuplicateEffects(10));
            assertThat(b.latencyMicros()).isEqualTo(a.latencyMicros());
        }
        assertThat(read.target("orders").missing(SequenceSet.empty()).count()).isEqualTo(98);
        // Dense, mostly contiguous sets compress to far less than a bit per event.
        assertThat(Files.size(file)).isLessThan(100_000L / 4);
    }

    @Test
    void aLedgerReadBack_takesNewRecords() throws IOException {
        Path file = dir.resolve("ledger.bin");
        sample().writeTo(file);
        Ledger read = Ledger.readFrom(file);

        read.target("orders").recordDelivered(7, 1, 10_000_000_000L, 0);

        assertThat(read.target("orders").latencyMicros().getMaxValue()).isGreaterThan(9_000_000_000L);
    }

    @Test
    void aTruncatedFile_isRefusedNamingTheFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sample().writeTo(bytes);
        Path file = dir.resolve("cut.bin");
        Files.write(file, Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));

        IOException e = assertThrows(IOException.class, () -> Ledger.readFrom(file));

        assertThat(e.getMessage()).contains("cut.bin").contains("truncated");
    }

    @Test
    void aFileThatIsNoLedger_isRefused() {
        IOException e = assertThrows(IOException.class,
                () -> Ledger.readFrom(new ByteArrayInputStream("hello, world".getBytes())));
        assertThat(e.getMessage()).contains("not a busquake ledger");
    }
}
