package io.busquake.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.emulator.Emulator;
import io.busquake.scenario.Scenario;
import io.busquake.scenario.ScenarioLoader;
import io.busquake.target.RunTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ProvisionerTest {
    private final RunTarget target = RunTarget.embedded(Emulator.builder());
    private final Scenario smoke = ScenarioLoader.load(Path.of("scenarios/smoke.yaml"));

    @AfterEach
    void close() {
        target.close();
    }

    @Test
    void provision_createsTheTopologyWithTheCallsAwsTakes_andAQueuePolicyForTheRule() throws Exception {
        Provisioner topology = Provisioner.provision(target, smoke.topology());

        String ruleArn = topology.ruleArn("orders-to-queue");
        assertThat(ruleArn).isEqualTo("arn:aws:events:us-east-1:000000000000:rule/orders/orders-to-queue");
        List<Target> targets = target.eventBridge().listTargetsByRule(b -> b.rule("orders-to-queue")
                .eventBusName("orders")).targets();
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.arn()).isEqualTo(target.queueArn("orders"));
            assertThat(t.deadLetterConfig().arn()).isEqualTo(target.queueArn("orders-dlq"));
            assertThat(t.retryPolicy().maximumRetryAttempts()).isEqualTo(3);
            assertThat(t.retryPolicy().maximumEventAgeInSeconds()).isEqualTo(300);
        });
        for (String queue : List.of("orders", "orders-dlq")) {
            String policy = target.sqs().getQueueAttributes(b -> b.queueUrl(topology.queueUrl(queue))
                    .attributeNames(QueueAttributeName.POLICY)).attributes().get(QueueAttributeName.POLICY);
            JsonNode statement = new ObjectMapper().readTree(policy).path("Statement").path(0);
            assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
            assertThat(statement.path("Action").asText()).isEqualTo("sqs:SendMessage");
            assertThat(statement.path("Resource").asText()).isEqualTo(target.queueArn(queue));
            assertThat(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").path(0).asText())
                    .isEqualTo(ruleArn);
        }
    }

    @Test
    void tearDown_removesWhatItCreated_andLeavesWhatWasThereBefore() {
        target.sqs().createQueue(b -> b.queueName("not-ours"));
        Provisioner topology = Provisioner.provision(target, smoke.topology());

        topology.tearDown();

        assertThat(topology.created()).isEmpty();
        assertThat(target.sqs().listQueues().queueUrls()).singleElement().asString().endsWith("/not-ours");
        assertThat(target.eventBridge().listEventBuses(b -> { }).eventBuses())
                .extracting(bus -> bus.name()).containsExactly("default");
        assertThatThrownBy(() -> target.eventBridge().describeRule(b -> b.name("orders-to-queue")
                .eventBusName("orders"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void failedProvisioning_removesWhatWasMadeSoFar_andSaysWhatFailed() {
        // The bus exists already, so CreateEventBus fails after nothing was made; the queues must not appear.
        target.eventBridge().createEventBus(b -> b.name("orders"));

        assertThatThrownBy(() -> Provisioner.provision(target, smoke.topology()))
                .hasMessageContaining("could not provision the topology on embedded")
                .hasMessageContaining("Nothing created was left behind");
        assertThat(target.sqs().listQueues().queueUrls()).isEmpty();
    }
}
