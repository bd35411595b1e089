package io.busquake.emulator;

import java.util.Map;
import java.util.Set;

/** EventBridge's per-account, per-Region default quotas (eventbridge-facts §2). */
public record Quotas(double putEventsTps, double invocationsTps) {
    public Quotas {
        if (!(putEventsTps > 0) || !(invocationsTps > 0)) {
            throw new IllegalArgumentException("quotas must be positive, but were putEventsTps=" + putEventsTps
                    + " invocationsTps=" + invocationsTps);
        }
    }

    private static final Map<Set<String>, Quotas> TABLE = Map.of(
            Set.of("us-east-1", "us-west-2", "eu-west-1"), new Quotas(10_000, 18_750),
            Set.of("us-east-2", "eu-central-1", "eu-south-2"), new Quotas(2_400, 4_500),
            Set.of("us-west-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "eu-west-2"), new Quotas(1_200, 2_250),
            Set.of("ap-east-1", "ap-northeast-2", "ap-south-1", "ca-central-1", "eu-north-1", "eu-west-3", "sa-east-1"),
            new Quotas(600, 1_100));

    /** The default quotas of {@code region}; Regions not in the table get 400 PutEvents and 750 invocations a second. */
    public static Quotas defaultsFor(String region) {
        return TABLE.entrySet().stream().filter(e -> e.getKey().contains(region)).map(Map.Entry::getValue)
                .findFirst().orElse(new Quotas(400, 750));
    }
}
