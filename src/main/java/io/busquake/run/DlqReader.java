package io.busquake.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.ledger.Ledger;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Drains a dead-letter queue at the end of a run into the ledger: each message body is the event, its
 * {@code detail.busquake.seq} names it; TARGET_ARN says which target's delivery failed; ERROR_CODE and
 * EXHAUSTED_RETRY_CONDITION are kept. Messages of other runs are left alone.
 */
final class DlqReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EMPTY_RECEIVES_TO_STOP = 2;

    private DlqReader() {
    }

    /** Reads and deletes every message of this run in the queue; answers how many were recorded. */
    static long drain(SqsClient sqs, String queueUrl, String runId, Ledger ledger) {
        long recorded = 0;
        int empty = 0;
        while (empty < EMPTY_RECEIVES_TO_STOP) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(60).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            for (Message message : batch) {
                if (record(message, runId, ledger)) {
                    recorded++;
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        return recorded;
    }

    private static boolean record(Message message, String runId, Ledger ledger) {
        JsonNode busquake;
        try {
            busquake = JSON.readTree(message.body()).path("detail").path("busquake");
        } catch (IOException e) {
            return false;
        }
        if (!busquake.path("seq").isIntegralNumber() || !runId.equals(busquake.path("runId").asText())) {
            return false;
        }
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        String targetArn = text(attributes, "TARGET_ARN");
        String errorCode = text(attributes, "ERROR_CODE");
        if (targetArn == null || errorCode == null) {
            return false;
        }
        String queue = targetArn.substring(targetArn.lastIndexOf(':') + 1);
        ledger.target(queue).recordDeadLettered(busquake.path("seq").asLong(), errorCode,
                text(attributes, "EXHAUSTED_RETRY_CONDITION"));
        return true;
    }

    private static String text(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue value = attributes.get(name);
        return value == null ? null : value.stringValue();
    }
}
