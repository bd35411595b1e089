package io.busquake.emulator.awscli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.emulator.EmulatorFixture;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What busquake needs from one generation of the AWS CLI against the embedded endpoint; subclasses pick the binary. */
abstract class AwsCliContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;
    EmulatorFixture fx;
    AwsCli aws;

    /** The binary under test, or empty (the tests are then skipped, saying so). */
    abstract Optional<Path> binary();

    abstract String absentReason();

    @BeforeEach
    void start() {
        Optional<Path> binary = binary();
        Assumptions.assumeTrue(binary.isPresent(), absentReason());
        fx = new EmulatorFixture();
        aws = new AwsCli(binary.get(), fx.emulator, workDir);
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void sqsQueueLifecycle_worksFromTheCli() throws Exception {
        String url = aws.ok("sqs", "create-queue", "--queue-name", "cli-orders").get("QueueUrl").asText();
        assertThat(aws.ok("sqs", "get-queue-url", "--queue-name", "cli-orders").get("QueueUrl").asText()).isEqualTo(url);
        String dlqUrl = aws.ok("sqs", "create-queue", "--queue-name", "cli-orders-dlq").get("QueueUrl").asText();

        String policy = EmulatorFixture.allowEventsPolicy(fx.emulator.queueArn("cli-orders"));
        String redrive = "{\"deadLetterTargetArn\":\"" + fx.emulator.queueArn("cli-orders-dlq") + "\",\"maxReceiveCount\":\"5\"}";
        var attributes = JSON.createObjectNode().put("Policy", policy).put("RedrivePolicy", redrive)
                .put("VisibilityTimeout", "45");
        aws.ok("sqs", "set-queue-attributes", "--queue-url", url, "--attributes",
                aws.file("attributes.json", attributes.toString()));

        JsonNode got = aws.ok("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All")
                .get("Attributes");
        assertThat(JSON.readTree(got.get("Policy").asText())).isEqualTo(JSON.readTree(policy));
        assertThat(got.get("VisibilityTimeout").asText()).isEqualTo("45");
        assertThat(JSON.readTree(got.get("RedrivePolicy").asText()).get("deadLetterTargetArn").asText())
                .isEqualTo(fx.emulator.queueArn("cli-orders-dlq"));
        JsonNode policyOnly = aws.ok("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "Policy")
                .get("Attributes");
        assertThat(JSON.readTree(policyOnly.get("Policy").asText())).isEqualTo(JSON.readTree(policy));

        aws.ok("sqs", "send-message", "--queue-url", url, "--message-body", "hello from the cli");
        JsonNode received = aws.ok("sqs", "receive-message", "--queue-url", url, "--max-number-of-messages", "10")
                .get("Messages");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).get("Body").asText()).isEqualTo("hello from the cli");
        aws.ok("sqs", "delete-message", "--queue-url", url, "--receipt-handle",
                received.get(0).get("ReceiptHandle").asText());

        aws.ok("sqs", "send-message", "--queue-url", url, "--message-body", "to be purged");
        aws.ok("sqs", "purge-queue", "--queue-url", url);
        JsonNode afterPurge = aws.ok("sqs", "receive-message", "--queue-url", url);
        assertThat(afterPurge.path("Messages")).isEmpty();

        aws.ok("sqs", "delete-queue", "--queue-url", url);
        aws.ok("sqs", "delete-queue", "--queue-url", dlqUrl);
        assertThat(aws.run("sqs", "get-queue-url", "--queue-name", "cli-orders").exitCode()).isNotZero();
    }

    @Test
    void eventsPutRuleTargetsAndEvents_deliverToTheQueueFromTheCli() throws Exception {
        String url = fx.queueForEvents("cli-events");
        String ruleArn = aws.ok("events", "put-rule", "--name", "cli-rule", "--event-pattern",
                "{\"source\":[\"cli.test\"]}").get("RuleArn").asText();
        assertThat(ruleArn).isEqualTo("arn:aws:events:us-east-1:" + fx.emulator.accountId() + ":rule/cli-rule");
        JsonNode targets = aws.ok("events", "put-targets", "--rule", "cli-rule", "--targets",
                "Id=q,Arn=" + fx.emulator.queueArn("cli-events"));
        assertThat(targets.get("FailedEntryCount").asInt()).isZero();

        String entries = "[{\"Source\":\"cli.test\",\"DetailType\":\"Ping\",\"Detail\":\"{\\\"n\\\":1}\"},"
                + "{\"Source\":\"cli.test\",\"DetailType\":\"Ping\",\"Detail\":\"[]\"}]";
        JsonNode put = aws.ok("events", "put-events", "--entries", aws.file("entries.json", entries));
        assertThat(put.get("FailedEntryCount").asInt()).isEqualTo(1);
        assertThat(put.get("Entries").get(0).has("EventId")).isTrue();
        assertThat(put.get("Entries").get(1).get("ErrorCode").asText()).isEqualTo("MalformedDetail");
        fx.settle();

        JsonNode received = aws.ok("sqs", "receive-message", "--queue-url", url, "--max-number-of-messages", "10")
                .get("Messages");
        assertThat(received).hasSize(1);
        JsonNode event = JSON.readTree(received.get(0).get("Body").asText());
        assertThat(event.get("id").asText()).isEqualTo(put.get("Entries").get(0).get("EventId").asText());
        assertThat(event.get("detail").get("n").asInt()).isEqualTo(1);
    }

    @Test
    void eventsError_reachesTheCliWithAwsCodeAndMessage() {
        AwsCli.Result r = aws.run("events", "describe-rule", "--name", "no-such-rule");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("ResourceNotFoundException")
                .contains("Rule no-such-rule does not exist on EventBus default.");
    }
}
