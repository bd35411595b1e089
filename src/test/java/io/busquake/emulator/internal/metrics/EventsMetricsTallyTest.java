package io.busquake.emulator.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.busquake.clock.VirtualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A thread reuses its tally once flushed: what one flush added must not be added again by the next, a tally in use
 * must not be handed out twice, and every sample must reach the store with its own SampleCount, Minimum, Maximum.
 */
class EventsMetricsTallyTest {
    private final VirtualClock clock = VirtualClock.at(Instant.parse("2026-11-28T10:00:05Z"));
    private final MetricStore store = new MetricStore();
    private final EventsMetrics metrics = new EventsMetrics(store, clock);

    private MetricAggregate.Snapshot minute(String metric, Map<String, String> dims) {
        MetricStore.Series series = store.series(MetricKey.of(EventsMetrics.NAMESPACE, metric, dims));
        assertThat(series).as("series %s %s", metric, dims).isNotNull();
        long start = Instant.parse("2026-11-28T10:00:00Z").getEpochSecond();
        return series.aggregate(start, start + 60);
    }

    @Test
    void aReusedTallyAddsEachCountOnce() {
        EventsMetrics.Tally first = metrics.tally();
        first.ruleCount("Invocations", "default", "r1", 1);
        first.ruleCount("Invocations", "default", "r1", 1);
        first.flush();

        EventsMetrics.Tally second = metrics.tally();
        assertThat(second).as("the thread's tally comes back once flushed").isSameAs(first);
        second.ruleCount("Invocations", "default", "r1", 1);
        second.ruleCount("Invocations", "default", "r2", 4);
        second.flush();
        second.flush();

        MetricAggregate.Snapshot r1 = minute("Invocations", Map.of("RuleName", "r1"));
        assertThat(r1.sampleCount()).isEqualTo(3);
        assertThat(r1.sum()).isEqualTo(3);
        MetricAggregate.Snapshot r2 = minute("Invocations", Map.of("RuleName", "r2"));
        assertThat(r2.sampleCount()).isEqualTo(1);
        assertThat(r2.sum()).isEqualTo(4);
        assertThat(r2.min()).isEqualTo(4);
        MetricAggregate.Snapshot all = minute("Invocations", Map.of());
        assertThat(all.sampleCount()).isEqualTo(4);
        assertThat(all.sum()).isEqualTo(7);
        assertThat(all.min()).isEqualTo(1);
        assertThat(all.max()).isEqualTo(4);
    }

    @Test
    void aTallyInUseIsNotHandedOutAgain() {
        EventsMetrics.Tally outer = metrics.tally();
        EventsMetrics.Tally inner = metrics.tally();
        assertThat(inner).isNotSameAs(outer);
        outer.accountCount("InvocationsCreated", 2);
        inner.accountCount("InvocationsCreated", 5);
        inner.flush();
        assertThat(minute("InvocationsCreated", Map.of()).sum()).isEqualTo(5);
        outer.flush();
        MetricAggregate.Snapshot created = minute("InvocationsCreated", Map.of());
        assertThat(created.sum()).isEqualTo(7);
        assertThat(created.sampleCount()).isEqualTo(2);
    }

    @Test
    void latencySamplesKeepTheirPercentilesAcrossReuse() {
        for (int round = 0; round < 3; round++) {
            EventsMetrics.Tally tally = metrics.tally();
            for (int i = 1; i <= 100; i++) {
                tally.ruleLatency("IngestionToInvocationSuccessLatency", "orders", "r1", round * 100 + i);
            }
            tally.flush();
        }
        MetricAggregate.Snapshot rule = minute("IngestionToInvocationSuccessLatency",
                Map.of("EventBusName", "orders", "RuleName", "r1"));
        assertThat(rule.sampleCount()).isEqualTo(300);
        assertThat(rule.min()).isEqualTo(1);
        assertThat(rule.max()).isEqualTo(300);
        assertThat(rule.percentile(50)).isBetween(148.0, 152.0);
        assertThat(minute("IngestionToInvocationSuccessLatency", Map.of("EventBusName", "orders")).sampleCount())
                .isEqualTo(300);
    }

    @Test
    void matchedEventsCountPerRuleAndPerBus() {
        EventsMetrics.Tally tally = metrics.tally();
        tally.matched("default", List.of("a", "b"), 2);
        tally.flush();
        tally = metrics.tally();
        tally.matched("default", List.of("a"), 1);
        tally.flush();
        assertThat(minute("MatchedEvents", Map.of("RuleName", "a")).sum()).isEqualTo(2);
        assertThat(minute("MatchedEvents", Map.of("RuleName", "b")).sum()).isEqualTo(1);
        assertThat(minute("TriggeredRules", Map.of("EventBusName", "default")).sum()).isEqualTo(3);
        assertThat(minute("MatchedEvents", Map.of("EventBusName", "default")).sum()).isEqualTo(2);
    }
}
