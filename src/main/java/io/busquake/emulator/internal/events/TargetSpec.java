package io.busquake.emulator.internal.events;

import java.util.Map;

/**
 * A rule's target as PutTargets stored it.
 *
 * @param inputPathsMap  InputTransformer's paths (null without a transformer)
 * @param inputTemplate  InputTransformer's template (null without a transformer)
 * @param maximumRetryAttempts 0-185, default 185
 * @param maximumEventAgeSeconds 60-86,400, default 86,400
 * @param deadLetterArn the DLQ's ARN, or null
 */
public record TargetSpec(String id, String arn, String roleArn, String input, String inputPath,
                         Map<String, String> inputPathsMap, String inputTemplate,
                         int maximumRetryAttempts, int maximumEventAgeSeconds, String deadLetterArn,
                         boolean retryPolicySet) {
    public static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
    public static final int DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;

    public boolean hasTransformer() {
        return inputTemplate != null;
    }

    public boolean isQueue() {
        return arn.startsWith("arn:aws:sqs:");
    }

    public boolean isEventBus() {
        return arn.startsWith("arn:aws:events:") && arn.contains(":event-bus/");
    }
}
