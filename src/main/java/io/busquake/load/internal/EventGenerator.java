package io.busquake.load.internal;

import io.busquake.load.PutEventsCall;
import io.busquake.scenario.Load;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes new PutEvents entries from the scenario's weighted mix. Each detail starts with the {@code busquake} object
 * {@code {runId, injector, seq, key, sentAtMicros}}; the idempotency key is {@code <runId>:<injector>:<seq>}.
 */
public final class EventGenerator {
    private record Kind(String sourceJson, String detailTypeJson, DetailTemplate template) {
    }

    private final Kind[] kinds;
    private final int[] cumulativeWeights;
    private final String busJson;
    private final String runIdJson;
    private final String injectorJson;
    private final String keyPrefix;
    private final int sizeBytes;
    private final AtomicLong nextSeq = new AtomicLong();

    public EventGenerator(Load load, String runId, String injector) {
        List<Load.EventKind> mix = load.mix();
        kinds = new Kind[mix.size()];
        cumulativeWeights = new int[mix.size()];
        int total = 0;
        for (int i = 0; i < mix.size(); i++) {
            Load.EventKind kind = mix.get(i);
            kinds[i] = new Kind(quoted(kind.source()), quoted(kind.detailType()),
                    DetailTemplate.compile(kind.detailTemplateJson()));
            total += kind.weight();
            cumulativeWeights[i] = total;
        }
        busJson = quoted(load.bus());
        runIdJson = quoted(runId);
        injectorJson = quoted(injector);
        keyPrefix = runId + ":" + injector + ":";
        sizeBytes = load.detail().sizeBytes();
    }

    /** A new event's entry, first attempt. */
    public PutEventsCall.Entry next(Instant now, long nowMicros) {
        long seq = nextSeq.getAndIncrement();
        Kind kind = pick();
        StringBuilder busquake = new StringBuilder(160).append("{\"runId\":").append(runIdJson)
                .append(",\"injector\":").append(injectorJson)
                .append(",\"seq\":").append(seq)
                .append(",\"key\":");
        JsonText.quote(keyPrefix + seq, busquake).append(",\"sentAtMicros\":").append(nowMicros).append('}');
        String detail = kind.template().render(busquake.toString(), seq, now, sizeBytes);
        StringBuilder entry = new StringBuilder(detail.length() + 160)
                .append("{\"Source\":").append(kind.sourceJson())
                .append(",\"DetailType\":").append(kind.detailTypeJson())
                .append(",\"Detail\":");
        JsonText.quote(detail, entry).append(",\"EventBusName\":").append(busJson).append('}');
        return new PutEventsCall.Entry(seq, 1, nowMicros, entry.toString());
    }

    /** How many events were made so far. */
    public long generated() {
        return nextSeq.get();
    }

    /** The idempotency key of an event. */
    public String key(long seq) {
        return keyPrefix + seq;
    }

    private Kind pick() {
        if (kinds.length == 1) {
            return kinds[0];
        }
        int ticket = ThreadLocalRandom.current().nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (ticket < cumulativeWeights[i]) {
                return kinds[i];
            }
        }
        throw new IllegalStateException("weights " + Arrays.toString(cumulativeWeights));
    }

    private static String quoted(String text) {
        return JsonText.quote(text, new StringBuilder()).toString();
    }
}
