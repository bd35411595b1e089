package io.busquake.provision;

import io.busquake.provision.internal.QueuePolicies;
import io.busquake.scenario.Topology;
import io.busquake.target.RunTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.SqsParameters;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A scenario's topology, provisioned on a target. With {@code provision: create} it makes every bus, queue, rule and
 * target with the calls AWS takes, and {@link #tearDown()} removes what it made, newest first; with
 * {@code provision: existing} it only looks the resources up and removes nothing.
 *
 * <pre>{@code
 * Provisioner topology = Provisioner.provision(target, scenario.topology());
 * try {
 *     String url = topology.queueUrl("orders");
 * } finally {
 *     topology.tearDown();
 * }
 * }</pre>
 */
public final class Provisioner {
    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final RunTarget target;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> ruleArns = new LinkedHashMap<>();
    /** Undo steps of what this provisioner created, in creation order. */
    private final List<Created> created = new ArrayList<>();

    /** One resource this provisioner made, and how to remove it. */
    private record Created(String description, Runnable undo) {
    }

    private Provisioner(RunTarget target) {
        this.target = target;
    }

    /**
     * Provisions {@code topology} on {@code target}. If a call fails, what was made so far is removed before the
     * error is thrown: nothing is left half-created.
     */
    public static Provisioner provision(RunTarget target, Topology topology) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(topology, "topology");
        Provisioner provisioner = new Provisioner(target);
        try {
            if (topology.provision() == Topology.Provision.CREATE) {
                provisioner.create(topology);
            } else {
                provisioner.lookUp(topology);
            }
        } catch (RuntimeException e) {
            provisioner.tearDown();
            throw new IllegalStateException("could not provision the topology on " + target + ": " + e.getMessage()
                    + ". Nothing created was left behind; fix the target or the scenario's topology and run again", e);
        }
        return provisioner;
    }

    private void create(Topology topology) {
        EventBridgeClient events = target.eventBridge();
        SqsClient sqs = target.sqs();
        for (Topology.Bus bus : topology.buses().values()) {
            events.createEventBus(b -> b.name(bus.name()).description(blankToNull(bus.description())));
            created.add(new Created("event bus " + bus.name(), () -> events.deleteEventBus(b -> b.name(bus.name()))));
        }
        for (Topology.Queue queue : topology.queues().values()) {
            String url = sqs.createQueue(b -> b.queueName(queue.name()).attributes(attributes(queue))).queueUrl();
            queueUrls.put(queue.name(), url);
            created.add(new Created("queue " + queue.name(), () -> sqs.deleteQueue(b -> b.queueUrl(url))));
        }
        for (Topology.Rule rule : topology.rules().values()) {
            String arn = events.putRule(b -> b.name(rule.name()).eventBusName(rule.bus())
                    .description(blankToNull(rule.description())).eventPattern(rule.eventPatternJson())
                    .state(rule.state())).ruleArn();
            ruleArns.put(rule.name(), arn);
            created.add(new Created("rule " + rule.name(),
                    () -> events.deleteRule(b -> b.name(rule.name()).eventBusName(rule.bus()))));
        }
        // Queue policies before targets, as the console does: a delivery before the policy would fail NO_PERMISSIONS.
        for (Topology.Queue queue : topology.queues().values()) {
            String policy = queue.policyJson().orElseGet(() -> {
                List<String> senders = rulesSendingTo(topology, queue.name());
                return senders.isEmpty() ? null : QueuePolicies.allowRules(target.queueArn(queue.name()), senders);
            });
            if (policy != null) {
                sqs.setQueueAttributes(b -> b.queueUrl(queueUrls.get(queue.name()))
                        .attributes(Map.of(QueueAttributeName.POLICY, policy)));
            }
        }
        for (Topology.Rule rule : topology.rules().values()) {
            if (rule.targets().isEmpty()) {
                continue;
            }
            List<Target> targets = rule.targets().stream().map(this::target).toList();
            var response = events.putTargets(b -> b.rule(rule.name()).eventBusName(rule.bus()).targets(targets));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new IllegalStateException("PutTargets for rule " + rule.name() + " failed: "
                        + response.failedEntries());
            }
            List<String> ids = rule.targets().stream().map(Topology.RuleTarget::id).toList();
            created.add(new Created("targets of rule " + rule.name(),
                    () -> events.removeTargets(b -> b.rule(rule.name()).eventBusName(rule.bus()).ids(ids))));
        }
        LOG.info("provisioned {} buses, {} queues, {} rules on {}", topology.buses().size(), queueUrls.size(),
                ruleArns.size(), target);
    }

    private void lookUp(Topology topology) {
        for (Topology.Queue queue : topology.queues().values()) {
            queueUrls.put(queue.name(), target.sqs().getQueueUrl(b -> b.queueName(queue.name())).queueUrl());
        }
        for (Topology.Rule rule : topology.rules().values()) {
            ruleArns.put(rule.name(), target.eventBridge()
                    .describeRule(b -> b.name(rule.name()).eventBusName(rule.bus())).arn());
        }
    }

    /** The ARNs of the rules whose targets send to the queue, as target or as dead-letter queue. */
    private List<String> rulesSendingTo(Topology topology, String queueName) {
        return topology.rules().values().stream()
                .filter(rule -> rule.targets().stream().anyMatch(t -> t.queue().filter(queueName::equals).isPresent()
                        || t.deadLetterQueue().filter(queueName::equals).isPresent()))
                .map(rule -> ruleArns.get(rule.name())).toList();
    }

    private Target target(Topology.RuleTarget spec) {
        Target.Builder builder = Target.builder().id(spec.id())
                .arn(spec.queue().map(target::queueArn).orElseGet(() -> target.busArn(spec.bus().orElseThrow())))
                .retryPolicy(RetryPolicy.builder().maximumRetryAttempts(spec.retryPolicy().maximumRetryAttempts())
                        .maximumEventAgeInSeconds(spec.retryPolicy().maximumEventAgeSeconds()).build());
        spec.deadLetterQueue().ifPresent(dlq -> builder.deadLetterConfig(
                DeadLetterConfig.builder().arn(target.queueArn(dlq)).build()));
        spec.inputJson().ifPresent(builder::input);
        spec.inputPath().ifPresent(builder::inputPath);
        spec.inputTransformer().ifPresent(t -> builder.inputTransformer(InputTransformer.builder()
                .inputPathsMap(t.inputPathsMap()).inputTemplate(t.inputTemplate()).build()));
        spec.messageGroupId().ifPresent(group -> builder.sqsParameters(
                SqsParameters.builder().messageGroupId(group).build()));
        return builder.build();
    }

    private static Map<QueueAttributeName, String> attributes(Topology.Queue queue) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        if (queue.fifo()) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                    Boolean.toString(queue.contentBasedDeduplication()));
        }
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(queue.messageRetentionSeconds()));
        attributes.put(QueueAttributeName.DELAY_SECONDS, Integer.toString(queue.delaySeconds()));
        attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                Integer.toString(queue.receiveMessageWaitTimeSeconds()));
        attributes.put(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(queue.maximumMessageSizeBytes()));
        return attributes;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The URL of a topology queue. */
    public String queueUrl(String queueName) {
        String url = queueUrls.get(queueName);
        if (url == null) {
            throw new IllegalArgumentException("no queue '" + queueName + "' in the topology; queues: "
                    + queueUrls.keySet());
        }
        return url;
    }

    /** Every topology queue's URL by name. */
    public Map<String, String> queueUrls() {
        return Collections.unmodifiableMap(queueUrls);
    }

    /** The ARN PutRule answered for a topology rule. */
    public String ruleArn(String ruleName) {
        String arn = ruleArns.get(ruleName);
        if (arn == null) {
            throw new IllegalArgumentException("no rule '" + ruleName + "' in the topology; rules: "
                    + ruleArns.keySet());
        }
        return arn;
    }

    /** What this provisioner made and has not removed yet, oldest first. */
    public List<String> created() {
        return created.stream().map(Created::description).toList();
    }

    /**
     * Removes what this provisioner made, newest first. A failed removal is logged and the rest still removed, so
     * one stuck resource does not leave the others behind.
     */
    public synchronized void tearDown() {
        for (int i = created.size() - 1; i >= 0; i--) {
            Created resource = created.get(i);
            try {
                resource.undo().run();
            } catch (RuntimeException e) {
                LOG.warn("could not remove {} from {}: {}; remove it by hand", resource.description(), target,
                        e.getMessage());
            }
        }
        created.clear();
    }
}
