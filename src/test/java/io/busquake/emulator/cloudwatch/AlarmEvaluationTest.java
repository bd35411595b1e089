package io.busquake.emulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Alarm states from datapoint shapes, through the SDK against the running endpoint. In a shape, X is a breaching
 * datapoint (10 against a threshold of 5), 0 a non-breaching one (1) and - a minute without data; oldest first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlarmEvaluationTest {
    private final CloudWatchFixture f = new CloudWatchFixture();
    private final AtomicInteger cases = new AtomicInteger();
    /** Each case has its own metric and alarm, so cases sharing one endpoint cannot see each other's data. */
    private String name;

    @BeforeEach
    void nextCase() {
        name = "case" + cases.incrementAndGet();
        // Start each case on a whole minute of the shared virtual clock.
        long s = f.now().getEpochSecond();
        f.fx.clock.advance(Duration.ofSeconds(Math.floorMod(-s, 60)));
    }

    @AfterAll
    void close() {
        f.close();
    }

    private void putShape(Instant firstMinute, String shape) {
        for (int i = 0; i < shape.length(); i++) {
            char c = shape.charAt(i);
            if (c == '-') {
                continue;
            }
            Instant at = firstMinute.plusSeconds(i * 60L + 1);
            f.cw.putMetricData(b -> b.namespace("Shapes").metricData(MetricDatum.builder().metricName(name)
                    .timestamp(at).value(c == 'X' ? 10.0 : 1.0).build()));
        }
    }

    private void putAlarm(int evaluationPeriods, int datapointsToAlarm, String treatMissingData) {
        f.cw.putMetricAlarm(b -> b.alarmName(name).namespace("Shapes").metricName(name).statistic(Statistic.MAXIMUM)
                .period(60).evaluationPeriods(evaluationPeriods).datapointsToAlarm(datapointsToAlarm).threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData(treatMissingData));
    }

    private MetricAlarm alarm() {
        return f.cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0);
    }

    /**
     * Every row of the two tables in AWS's "How alarm state is evaluated when data is missing" (5 points fetched
     * for 3 evaluation periods). RETAIN means the state before the evaluation stays.
     */
    @ParameterizedTest(name = "{0} of {1}, {2}, TreatMissingData {3} -> {4}")
    @CsvSource({
        // M, N, datapoints, TreatMissingData, expected
        "3, 3, 0-X-X, missing,      OK",
        "3, 3, 0-X-X, ignore,       OK",
        "3, 3, 0-X-X, breaching,    OK",
        "3, 3, 0-X-X, notBreaching, OK",
        "3, 3, 0----, missing,      OK",
        "3, 3, 0----, ignore,       OK",
        "3, 3, 0----, breaching,    OK",
        "3, 3, 0----, notBreaching, OK",
        "3, 3, -----, missing,      INSUFFICIENT_DATA",
        "3, 3, -----, ignore,       RETAIN",
        "3, 3, -----, breaching,    ALARM",
        "3, 3, -----, notBreaching, OK",
        "3, 3, 0XX-X, missing,      ALARM",
        "3, 3, 0XX-X, ignore,       ALARM",
        "3, 3, 0XX-X, breaching,    ALARM",
        "3, 3, 0XX-X, notBreaching, ALARM",
        "3, 3, ----X, missing,      INSUFFICIENT_DATA",
        "3, 3, ----X, ignore,       RETAIN",
        "3, 3, ----X, breaching,    ALARM",
        "3, 3, ----X, notBreaching, OK",
        "3, 3, X----, missing,      ALARM",
        "3, 3, X----, ignore,       RETAIN",
        "3, 3, X----, breaching,    ALARM",
        "3, 3, X----, notBreaching, OK",
        "2, 3, 0-X-X, missing,      ALARM",
        "2, 3, 0-X-X, ignore,       ALARM",
        "2, 3, 0-X-X, breaching,    ALARM",
        "2, 3, 0-X-X, notBreaching, ALARM",
        "2, 3, 00X0X, missing,      ALARM",
        "2, 3, 00X0X, ignore,       ALARM",
        "2, 3, 00X0X, breaching,    ALARM",
        "2, 3, 00X0X, notBreaching, ALARM",
        "2, 3, 0-X--, missing,      OK",
        "2, 3, 0-X--, ignore,       OK",
        "2, 3, 0-X--, breaching,    ALARM",
        "2, 3, 0-X--, notBreaching, OK",
        "2, 3, ----0, missing,      OK",
        "2, 3, ----0, ignore,       OK",
        "2, 3, ----0, breaching,    ALARM",
        "2, 3, ----0, notBreaching, OK",
        "2, 3, ----X, missing,      INSUFFICIENT_DATA",
        "2, 3, ----X, ignore,       RETAIN",
        "2, 3, ----X, breaching,    ALARM",
        "2, 3, ----X, notBreaching, OK",
    })
    void awsDocumentedExamples_giveTheDocumentedState(int m, int n, String shape, String treatMissingData,
            String expected) {
        Instant t0 = f.now();
        // The evaluation at 00:06:00 reads minutes 1 to 5; the data is in place before the alarm exists.
        f.fx.clock.advance(Duration.ofSeconds(330));
        putShape(t0.plusSeconds(60), shape);
        putAlarm(n, m, treatMissingData);
        // Start from a state the expected one differs from, so the evaluation must have set it.
        StateValue before = expected.equals("OK") ? StateValue.ALARM : StateValue.OK;
        f.cw.setAlarmState(b -> b.alarmName(name).stateValue(before).stateReason("test starting point"));

        f.fx.clock.advance(Duration.ofSeconds(30));

        MetricAlarm alarm = alarm();
        assertThat(alarm.stateValue()).isEqualTo(expected.equals("RETAIN") ? before : StateValue.fromValue(expected));
        if (expected.equals("RETAIN")) {
            assertThat(alarm.stateReason()).isEqualTo("test starting point");
        }
    }

    /** Alarms created before any data, evaluated minute by minute while the shape streams in. */
    @ParameterizedTest(name = "{0} of {1}, {3}: {2} -> {4}")
    @CsvSource({
        // M, N, datapoints per minute, TreatMissingData, state after each minute's evaluation (I = INSUFFICIENT_DATA)
        "2, 3, XX00---,   notBreaching, OK ALARM ALARM OK OK OK OK",
        "2, 3, XX00----,  breaching,    ALARM ALARM ALARM OK OK OK OK ALARM",
        "1, 1, X----0-,   missing,      ALARM ALARM ALARM I I OK OK",
        "3, 3, XX-----,   missing,      I I I I ALARM ALARM I",
        "3, 3, 0XXX-----, ignore,       OK OK OK ALARM ALARM ALARM ALARM ALARM ALARM",
        "1, 1, -X-----,   notBreaching, OK ALARM ALARM ALARM OK OK OK",
        "2, 4, X0X0X00000, missing,     I OK ALARM ALARM ALARM ALARM OK OK OK OK",
    })
    void streamedShapes_giveTheStateSequenceOfAwsRules(int m, int n, String shape, String treatMissingData,
            String expected) {
        putShape(f.now(), shape);
        putAlarm(n, m, treatMissingData);
        List<String> states = new ArrayList<>();
        for (int i = 0; i < shape.length(); i++) {
            f.fx.clock.advance(Duration.ofMinutes(1));
            String s = alarm().stateValueAsString();
            states.add(s.equals("INSUFFICIENT_DATA") ? "I" : s);
        }
        assertThat(String.join(" ", states)).isEqualTo(expected);
    }
}
