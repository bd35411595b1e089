package io.busquake.verify.internal;

import io.busquake.ledger.DuplicateEffect;
import io.busquake.ledger.Ledger;
import io.busquake.ledger.SequenceSet;
import io.busquake.ledger.TargetLedger;
import io.busquake.scenario.Expect.DlqExpectation;
import io.busquake.verify.ExpectationResult;
import io.busquake.verify.Status;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The expectations the ledger alone decides: dlq, noLoss and noDuplicateEffects. */
public final class LedgerChecks {
    private LedgerChecks() {
    }

    /**
     * Every event the target did not deliver is in {@code expectation.queue()}, with the expected ERROR_CODE and
     * EXHAUSTED_RETRY_CONDITION.
     *
     * @param targetQueues the target queues whose DLQ this queue is
     */
    public static ExpectationResult dlq(String id, DlqExpectation expectation, List<String> targetQueues,
                                        Ledger ledger, java.util.Set<String> consumedQueues, Instant origin) {
        Evidence evidence = new Evidence(origin).put("queue", expectation.queue()).put("targets", targetQueues)
                .put("expectedErrorCode", expectation.errorCode())
                .put("expectedExhaustedRetryCondition", expectation.exhaustedRetryCondition());
        List<String> unconsumed = targetQueues.stream().filter(q -> !consumedQueues.contains(q)).toList();
        if (!unconsumed.isEmpty()) {
            return new ExpectationResult(id, "dlq", Status.NOT_VERIFIABLE, "no consumer read " + unconsumed
                    + ", so which deliveries failed is unknown; add a consumer for it under consumers",
                    evidence.values());
        }
        SequenceSet failed = SequenceSet.empty();
        SequenceSet deadLettered = SequenceSet.empty();
        SequenceSet notInDlq = SequenceSet.empty();
        SequenceSet wrongCode = SequenceSet.empty();
        SequenceSet wrongCondition = SequenceSet.empty();
        Map<String, Long> codes = new LinkedHashMap<>();
        Map<String, Long> conditions = new LinkedHashMap<>();
        for (String queue : targetQueues) {
            TargetLedger target = ledger.target(queue);
            SequenceSet targetFailed = target.expected().minus(target.delivered());
            failed = failed.union(targetFailed);
            deadLettered = deadLettered.union(target.deadLettered());
            notInDlq = notInDlq.union(targetFailed.minus(target.deadLettered()));
            Map<String, SequenceSet> byCode = target.deadLetteredByErrorCode();
            byCode.forEach((code, set) -> codes.merge(code, set.count(), Long::sum));
            wrongCode = wrongCode.union(target.deadLettered().minus(
                    byCode.getOrDefault(expectation.errorCode(), SequenceSet.empty())));
            Map<String, SequenceSet> byCondition = target.deadLetteredByExhaustedRetryCondition();
            SequenceSet withCondition = SequenceSet.empty();
            for (Map.Entry<String, SequenceSet> e : byCondition.entrySet()) {
                conditions.merge(e.getKey(), e.getValue().count(), Long::sum);
                withCondition = withCondition.union(e.getValue());
            }
            String expected = expectation.exhaustedRetryCondition();
            if ("absent".equals(expected)) {
                wrongCondition = wrongCondition.union(withCondition);
            } else if (!"any".equals(expected)) {
                wrongCondition = wrongCondition.union(target.deadLettered().minus(
                        byCondition.getOrDefault(expected, SequenceSet.empty())));
            }
        }
        evidence.put("failedDeliveries", failed.count()).put("deadLettered", deadLettered.count())
                .put("errorCodes", codes).put("exhaustedRetryConditions", conditions)
                .set("notInDlq", notInDlq).set("wrongErrorCode", wrongCode).set("wrongExhaustedRetryCondition",
                        wrongCondition);
        if (notInDlq.isEmpty() && wrongCode.isEmpty() && wrongCondition.isEmpty()) {
            return new ExpectationResult(id, "dlq", Status.PASSED, "all " + failed.count() + " failed deliveries are in "
                    + expectation.queue() + " with ERROR_CODE " + expectation.errorCode()
                    + " and EXHAUSTED_RETRY_CONDITION " + expectation.exhaustedRetryCondition(), evidence.values());
        }
        StringBuilder summary = new StringBuilder();
        if (!notInDlq.isEmpty()) {
            summary.append(notInDlq.count()).append(" failed deliveries are not in ").append(expectation.queue())
                    .append(" (first: ").append(notInDlq.first(Evidence.SHOWN)).append(")");
        }
        if (!wrongCode.isEmpty()) {
            summary.append(summary.isEmpty() ? "" : "; ").append(wrongCode.count())
                    .append(" dead-lettered with another ERROR_CODE than ").append(expectation.errorCode())
                    .append(" (codes: ").append(codes).append(")");
        }
        if (!wrongCondition.isEmpty()) {
            summary.append(summary.isEmpty() ? "" : "; ").append(wrongCondition.count())
                    .append(" dead-lettered with EXHAUSTED_RETRY_CONDITION other than ")
                    .append(expectation.exhaustedRetryCondition()).append(" (found: ").append(conditions).append(")");
        }
        return new ExpectationResult(id, "dlq", Status.FAILED, summary.toString(), evidence.values());
    }

    /** expected-to-match = delivered ∪ dead-lettered ∪ allowed loss, for one target queue. */
    public static ExpectationResult noLoss(String id, String queue, Ledger ledger, boolean consumed,
                                           SequenceSet allowedLoss, List<String> allowLossDuring, Instant origin) {
        Evidence evidence = new Evidence(origin).put("target", queue);
        if (!consumed) {
            return new ExpectationResult(id, "noLoss", Status.NOT_VERIFIABLE, "no consumer read " + queue
                    + ", so deliveries to it are not recorded; add a consumer for it under consumers",
                    evidence.values());
        }
        TargetLedger target = ledger.target(queue);
        SequenceSet lostAnyway = target.missing(SequenceSet.empty());
        SequenceSet missing = lostAnyway.minus(allowedLoss);
        SequenceSet allowedLost = lostAnyway.intersect(allowedLoss);
        evidence.put("accepted", ledger.accepted().count()).put("expectedToMatch", target.expected().count())
                .put("delivered", target.delivered().count()).put("deadLettered", target.deadLettered().count())
                .put("allowLossDuring", allowLossDuring).set("missing", missing)
                .set("lostDuringAllowedFaults", allowedLost);
        if (missing.isEmpty()) {
            return new ExpectationResult(id, "noLoss", Status.PASSED, "all " + target.expected().count()
                    + " events expected at " + queue + " were delivered or dead-lettered"
                    + (allowedLost.isEmpty() ? "" : ", except " + allowedLost.count() + " lost during "
                    + allowLossDuring + " (allowed; first " + allowedLost.first(Evidence.SHOWN) + ")"),
                    evidence.values());
        }
        return new ExpectationResult(id, "noLoss", Status.FAILED, missing.count() + " of "
                + target.expected().count() + " events expected at " + queue
                + " were neither delivered nor dead-lettered; first " + missing.first(Evidence.SHOWN),
                evidence.values());
    }

    /** processed-more-than-once is empty at one consumed queue; duplicate deliveries are a figure. */
    public static ExpectationResult noDuplicateEffects(String id, String queue, Ledger ledger, boolean consumed,
                                                       Instant origin) {
        Evidence evidence = new Evidence(origin).put("target", queue);
        if (!consumed) {
            return new ExpectationResult(id, "noDuplicateEffects", Status.NOT_VERIFIABLE, "no consumer read " + queue
                    + ", so side effects are not recorded; add a consumer for it under consumers", evidence.values());
        }
        TargetLedger target = ledger.target(queue);
        SequenceSet duplicated = target.processedMoreThanOnce();
        List<String> keys = target.firstDuplicateEffects(Evidence.SHOWN).stream().map(LedgerChecks::key).toList();
        evidence.put("processed", target.processed().count())
                .put("duplicateDeliveries", target.deliveredMoreThanOnce().count())
                .set("processedMoreThanOnce", duplicated).put("duplicatedKeys", keys);
        if (duplicated.isEmpty()) {
            return new ExpectationResult(id, "noDuplicateEffects", Status.PASSED, "no side effect at " + queue
                    + " ran twice (" + target.processed().count() + " processed, "
                    + target.deliveredMoreThanOnce().count() + " delivered more than once)", evidence.values());
        }
        return new ExpectationResult(id, "noDuplicateEffects", Status.FAILED, duplicated.count()
                + " side effects at " + queue + " ran more than once; keys " + keys, evidence.values());
    }

    private static String key(DuplicateEffect effect) {
        return effect.idempotencyKey().orElse("seq " + effect.seq());
    }
}
