package io.busquake.ledger.bench;

import io.busquake.ledger.Ledger;
import io.busquake.ledger.SequenceSet;
import io.busquake.ledger.TargetCounts;
import io.busquake.ledger.TargetLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Ledger memory and reconciliation time at 10,000,000 events, against the obvious ledger (a HashMap from sequence
 * number to a per-event record) in the same run, on the same history. Both must give the same answers, or the bench
 * fails. Memory is the heap used after a full GC, before and after building, and the serialized size.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -Xmx4g -cp target/test-classes:target/classes:$(cat cp.txt) io.busquake.ledger.bench.LedgerBench [events]
 * </pre>
 *
 * Not a test: surefire never runs it; it is slow and needs a quiet machine to mean anything.
 */
public final class LedgerBench {
    private static final String TARGET = "orders";
    private static final int RECONCILE_ROUNDS = 7;

    /** One run's history, decided up front so both ledgers record exactly the same thing. */
    private record History(int events, boolean[] lost, String[] dlqCode, boolean[] deliveredTwice,
            boolean[] processedTwice, int[] latencyMicros) {
        static History generate(int events, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            boolean[] lost = new boolean[events];
            String[] dlq = new String[events];
            boolean[] twice = new boolean[events];
            boolean[] processedTwice = new boolean[events];
            int[] latency = new int[events];
            for (int i = 0; i < events; i++) {
                int roll = random.nextInt(100_000);
                lost[i] = roll < 10; // 0.01 % lost
                dlq[i] = roll >= 10 && roll < 110 ? (roll % 2 == 0 ? "NO_PERMISSIONS" : "SDK_CLIENT_ERROR") : null;
                twice[i] = roll >= 110 && roll < 1_110; // 1 % delivered twice
                processedTwice[i] = roll >= 110 && roll < 160; // 0.05 % processed twice
                latency[i] = 1_000 + random.nextInt(200_000);
            }
            return new History(events, lost, dlq, twice, processedTwice, latency);
        }

        boolean delivered(int seq) {
            return !lost[seq] && dlqCode[seq] == null;
        }
    }

    /** The baseline: one HashMap entry per event. */
    private static final class HashMapLedger {
        static final class Entry {
            boolean accepted;
            boolean expected;
            int deliveries;
            String dlqCode;
            String exhaustedRetryCondition;
            int effects;
        }

        final Map<Long, Entry> events = new HashMap<>();
        final Histogram latency = new Histogram(3);

        Entry entry(long seq) {
            return events.computeIfAbsent(seq, s -> new Entry());
        }

        record Answers(long missing, List<Long> firstMissing, long deliveredTwice, long processedTwice,
                long deadLettered) {
        }

        Answers reconcile() {
            List<Long> missing = new ArrayList<>();
            long deliveredTwice = 0;
            long processedTwice = 0;
            long dead = 0;
            for (Map.Entry<Long, Entry> e : events.entrySet()) {
                Entry v = e.getValue();
                if (v.expected && v.deliveries == 0 && v.dlqCode == null) {
                    missing.add(e.getKey());
                }
                deliveredTwice += v.deliveries > 1 ? 1 : 0;
                processedTwice += v.effects > 1 ? 1 : 0;
                dead += v.dlqCode != null ? 1 : 0;
            }
            missing.sort(null);
            return new Answers(missing.size(), missing.subList(0, Math.min(20, missing.size())), deliveredTwice,
                    processedTwice, dead);
        }
    }

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        System.out.printf("busquake ledger bench: %,d events, %d cores, max heap %,d MB, %s %s%n", events,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        History history = History.generate(events, 42);

        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        Ledger ledger = recordInto(history);
        long recordNanos = System.nanoTime() - t0;
        // Mid-run the bitmaps are as they were written; compaction (run containers) happens when writing stops.
        long ledgerHeapWhileWriting = usedHeapAfterGc() - before;
        ledger.compact();
        long ledgerHeap = usedHeapAfterGc() - before;
        long serialized = serializedSize(ledger);
        TargetLedger target = ledger.target(TARGET);
        long[] ledgerTimes = new long[RECONCILE_ROUNDS];
        SequenceSet missing = null;
        TargetCounts counts = null;
        for (int round = 0; round < RECONCILE_ROUNDS; round++) {
            long start = System.nanoTime();
            missing = target.missing(SequenceSet.empty());
            counts = target.counts();
            missing.first(20);
            target.firstDuplicateEffects(20);
            ledgerTimes[round] = System.nanoTime() - start;
        }

        before = usedHeapAfterGc();
        t0 = System.nanoTime();
        HashMapLedger baseline = recordInto(history, new HashMapLedger());
        long baselineRecordNanos = System.nanoTime() - t0;
        long baselineHeap = usedHeapAfterGc() - before;
        long[] baselineTimes = new long[RECONCILE_ROUNDS];
        HashMapLedger.Answers answers = null;
        for (int round = 0; round < RECONCILE_ROUNDS; round++) {
            long start = System.nanoTime();
            answers = baseline.reconcile();
            baselineTimes[round] = System.nanoTime() - start;
        }

        check(missing.count() == answers.missing(), "missing counts differ: " + missing.count() + " vs "
                + answers.missing());
        check(missing.first(20).equals(answers.firstMissing()), "first missing differ");
        check(counts.deliveredMoreThanOnce() == answers.deliveredTwice(), "delivered-twice counts differ");
        check(counts.processedMoreThanOnce() == answers.processedTwice(), "processed-twice counts differ");
        check(counts.deadLettered() == answers.deadLettered(), "dead-lettered counts differ");

        System.out.printf("answers (both agree): missing %,d (first %s), delivered twice %,d, processed twice %,d, "
                + "dead-lettered %,d%n", missing.count(), missing.first(5), counts.deliveredMoreThanOnce(),
                counts.processedMoreThanOnce(), counts.deadLettered());
        System.out.printf("%-22s %14s %16s %14s %18s %16s%n", "ledger", "heap delta", "bytes/event (heap)",
                "serialized", "reconcile median", "record (1 thread)");
        System.out.printf("%-22s %11.1f MB %16.3f %14s %18s %16s%n", "Roaring, while writing",
                mb(ledgerHeapWhileWriting), (double) ledgerHeapWhileWriting / events, "", "", "");
        System.out.printf("%-22s %11.1f MB %16.3f %11.1f MB %15.1f ms %13.0f ms%n", "Roaring, compacted",
                mb(ledgerHeap), (double) ledgerHeap / events, mb(serialized), median(ledgerTimes) / 1e6,
                recordNanos / 1e6);
        System.out.printf("%-22s %11.1f MB %16.3f %14s %15.1f ms %13.0f ms%n", "HashMap<Long,Entry>",
                mb(baselineHeap), (double) baselineHeap / events, "-", median(baselineTimes) / 1e6,
                baselineRecordNanos / 1e6);
        System.out.printf("bitmaps in memory (Roaring's own count): %.1f MB; budget 2 bytes/event = %.1f MB%n",
                mb(ledger.bitmapSizeInBytes()), mb(2L * events));
        // Keep both alive until every measurement is taken.
        check(ledger.accepted().count() == events && baseline.events.size() == events, "ledgers lost events");
    }

    private static Ledger recordInto(History h) {
        Ledger ledger = Ledger.create();
        TargetLedger target = ledger.target(TARGET);
        for (int seq = 0; seq < h.events(); seq++) {
            ledger.recordAccepted(seq);
            target.recordExpected(seq);
            if (h.dlqCode()[seq] != null) {
                target.recordDeadLettered(seq, h.dlqCode()[seq], "SDK_CLIENT_ERROR".equals(h.dlqCode()[seq])
                        ? "MaximumRetryAttempts" : null);
            } else if (h.delivered(seq)) {
                target.recordDelivered(seq, 1, h.latencyMicros()[seq], 0);
                if (h.deliveredTwice()[seq]) {
                    target.recordDelivered(seq, 2, h.latencyMicros()[seq] + 30_000_000L, 0);
                }
                target.recordProcessed(seq, "k");
                if (h.processedTwice()[seq]) {
                    target.recordProcessed(seq, "key-" + seq);
                }
            }
        }
        return ledger;
    }

    private static HashMapLedger recordInto(History h, HashMapLedger ledger) {
        for (int seq = 0; seq < h.events(); seq++) {
            HashMapLedger.Entry e = ledger.entry(seq);
            e.accepted = true;
            e.expected = true;
            if (h.dlqCode()[seq] != null) {
                e.dlqCode = h.dlqCode()[seq];
                e.exhaustedRetryCondition = "SDK_CLIENT_ERROR".equals(e.dlqCode) ? "MaximumRetryAttempts" : null;
            } else if (h.delivered(seq)) {
                e.deliveries = h.deliveredTwice()[seq] ? 2 : 1;
                ledger.latency.recordValue(h.latencyMicros()[seq]);
                e.effects = h.processedTwice()[seq] ? 2 : 1;
            }
        }
        return ledger;
    }

    private static long serializedSize(Ledger ledger) throws IOException {
        long[] size = new long[1];
        ledger.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                size[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                size[0] += len;
            }
        });
        return size[0];
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // GC until the figure stops falling: one System.gc() may leave finalizable or soft garbage behind.
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = rt.totalMemory() - rt.freeMemory();
            if (now >= used - (64 << 10)) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double mb(long bytes) {
        return bytes / 1e6;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("bench answers are wrong: " + what);
        }
    }
}
