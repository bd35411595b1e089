package io.busquake.emulator.internal.sqs;

import io.busquake.emulator.internal.http.ApiRequest;
import io.busquake.emulator.internal.http.ApiResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS for the endpoint: an embedded ElasticMQ behind the endpoint's own port. Client requests are passed through
 * unchanged; deliveries from rules go straight to ElasticMQ in batches of ten, after the queue policy has been
 * checked the way AWS checks it for the events service principal.
 */
public final class SqsBackend implements AutoCloseable {
    private final String region;
    private final String account;
    private final String frontBase;
    /** Queues by name with their policy text (ElasticMQ ignores Policy, so the endpoint keeps it). */
    private final Map<String, QueueMeta> queues = new ConcurrentHashMap<>();
    private final io.busquake.emulator.internal.metrics.SqsMetrics metrics;
    private final Clock clock;
    private SQSRestServer server;
    private InProcessQueues queuesInProcess;
    private URI elasticMq;
    private HttpClient proxyClient;
    private SqsClient client;

    /** What happened to one message of a batch. */
    public enum SendOutcome {
        SENT, NO_RESOURCE, NO_PERMISSIONS, FAILED
    }

    private record QueueMeta(String policyText, QueuePolicy policy, Map<String, Boolean> decisions) {
        static QueueMeta of(String policyText) {
            return new QueueMeta(policyText, QueuePolicy.parse(policyText), new ConcurrentHashMap<>());
        }

        /** The policy's answer for one rule, kept until the policy changes (which replaces this record). */
        boolean allows(String queueArn, String ruleArn, String account) {
            return decisions.computeIfAbsent(ruleArn,
                    r -> policy.allows("sqs:SendMessage", queueArn, r, account));
        }
    }

    /** One message to deliver: its body and its String message attributes. */
    public record OutgoingMessage(String body, Map<String, String> attributes) {
    }

    /** The outcome of one message, with the error message when it was not sent. */
    public record SendResult(SendOutcome outcome, String errorMessage) {
        static final SendResult OK = new SendResult(SendOutcome.SENT, null);
    }

    /** {@code clock} is the emulator's: the one message ages are counted on. */
    public SqsBackend(String region, String account, String frontHost, int frontPort,
                      io.busquake.emulator.internal.metrics.SqsMetrics metrics, Clock clock) {
        this.region = region;
        this.account = account;
        this.frontBase = "http://" + frontHost + ":" + frontPort;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void start() {
        String[] hostPort = frontBase.substring("http://".length()).split(":");
        queuesInProcess = new InProcessQueues(SQSRestServerBuilder.sqsLimits(), clock);
        server = SQSRestServerBuilder.withActorSystem(queuesInProcess.system())
                .withQueueManagerActor(queuesInProcess.manager())
                .withDynamicPort()
                .withInterface("127.0.0.1")
                .withServerAddress(new NodeAddress("http", hostPort[0], Integer.parseInt(hostPort[1]), ""))
                .withAWSRegion(region)
                .withAWSAccountId(account)
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        elasticMq = URI.create("http://127.0.0.1:" + port);
        proxyClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        client = SqsClient.builder()
                .endpointOverride(elasticMq)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("busquake", "busquake")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * How long the queue's oldest message has been in it on the emulator's clock, as AWS/SQS's
     * ApproximateAgeOfOldestMessage counts it; empty when the queue holds no message that counts.
     */
    public Optional<Duration> ageOfOldestMessage(String queueName) {
        return queuesInProcess.ageOfOldestMessage(queueName);
    }

    /** ElasticMQ's own address, behind the endpoint. */
    public URI elasticMqUri() {
        return elasticMq;
    }

    /** The client the emulator itself uses against ElasticMQ. */
    public SqsClient client() {
        return client;
    }

    public String queueUrl(String queueArn) {
        String[] parts = queueArn.split(":");
        if (parts.length != 6 || !"sqs".equals(parts[2])) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        return frontBase + "/" + parts[4] + "/" + parts[5];
    }

    public String queueArn(String queueUrl) {
        URI uri = URI.create(queueUrl);
        String[] segments = uri.getPath().split("/");
        String name = segments[segments.length - 1];
        String owner = segments.length >= 3 ? segments[segments.length - 2] : account;
        return "arn:aws:sqs:" + region + ":" + owner + ":" + name;
    }

    /** Passes a client's SQS request to ElasticMQ and its answer back, keeping queue policies on the way. */
    public ApiResponse proxy(ApiRequest request) throws Exception {
        SqsCall call = SqsCall.of(request);
        boolean purge = "PurgeQueue".equals(call.action()) && call.queueName() != null;
        long purgeMark = purge ? queuesInProcess.markBeforePurge(call.queueName()) : 0;
        URI target = URI.create(elasticMq + request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target)
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name)) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        HttpResponse<byte[]> answer = proxyClient.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = answer.body();
        if (answer.statusCode() == 200 && call.queueName() != null) {
            if (purge) {
                queuesInProcess.purged(call.queueName(), purgeMark);
            }
            body = afterSuccess(call, body);
            countTraffic(call, body);
        }
        ApiResponse response = new ApiResponse(answer.statusCode(), new java.util.LinkedHashMap<>(), body);
        for (String name : List.of("content-type", "x-amzn-requestid", "x-amzn-query-error")) {
            Optional<String> value = answer.headers().firstValue(name);
            if (value.isPresent()) {
                response = response.withHeader(name, value.get());
            }
        }
        return response;
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");

    private byte[] afterSuccess(SqsCall call, byte[] body) {
        switch (call.action()) {
            case "CreateQueue" -> queuesInProcess.forget(call.queueName());
            default -> {
                // Other calls do not change which actor holds a queue.
            }
        }
        switch (call.action()) {
            case "CreateQueue" -> queues.compute(call.queueName(), (name, old) -> call.policy() != null
                    ? QueueMeta.of(call.policy()) : old != null ? old : QueueMeta.of(null));
            case "SetQueueAttributes" -> {
                if (call.policy() != null) {
                    queues.put(call.queueName(), QueueMeta.of(call.policy()));
                } else {
                    queues.putIfAbsent(call.queueName(), QueueMeta.of(null));
                }
            }
            case "DeleteQueue" -> {
                queues.remove(call.queueName());
                queuesInProcess.forget(call.queueName());
            }

            case "GetQueueAttributes" -> {
                QueueMeta meta = queues.get(call.queueName());
                if (call.wantsPolicy() && meta != null && meta.policyText() != null && !meta.policyText().isEmpty()) {
                    return call.withPolicy(body, meta.policyText());
                }
            }
            default -> {
                // Other calls do not touch what the endpoint keeps.
            }
        }
        return body;
    }

    /** AWS/SQS's per-queue traffic counts, from what clients did through the endpoint. */
    private void countTraffic(SqsCall call, byte[] body) {
        switch (call.action()) {
            case "SendMessage" -> metrics.count(call.queueName(), "NumberOfMessagesSent", 1);
            case "SendMessageBatch" -> metrics.count(call.queueName(), "NumberOfMessagesSent",
                    SqsCall.countResults(body, call.json(), "Successful", "<SendMessageBatchResultEntry>"));
            case "ReceiveMessage" -> {
                int n = SqsCall.countResults(body, call.json(), "Messages", "<Message>");
                metrics.count(call.queueName(), "NumberOfMessagesReceived", n);
                if (n == 0) {
                    metrics.count(call.queueName(), "NumberOfEmptyReceives", 1);
                }
            }
            case "DeleteMessage" -> metrics.count(call.queueName(), "NumberOfMessagesDeleted", 1);
            case "DeleteMessageBatch" -> metrics.count(call.queueName(), "NumberOfMessagesDeleted",
                    SqsCall.countResults(body, call.json(), "Successful", "<DeleteMessageBatchResultEntry>"));
            default -> {
                // Other calls move no messages.
            }
        }
    }

    /** Whether a rule may send to the queue, per the queue's current policy. */
    public boolean eventsMaySend(String queueArn, String ruleArn) {
        QueueMeta meta = queues.get(queueName(queueArn));
        return meta != null && meta.allows(queueArn, ruleArn, account);
    }

    private static String queueName(String queueArn) {
        return queueArn.substring(queueArn.lastIndexOf(':') + 1);
    }

    /**
     * Sends up to ten messages to one queue; the results are in the order of {@code messages}. The rule's ARN is
     * what the queue policy is checked against.
     */
    public List<SendResult> sendBatch(String queueArn, String ruleArn, List<OutgoingMessage> messages) {
        if (messages.size() > 10) {
            throw new IllegalArgumentException("at most 10 messages a batch, but got " + messages.size());
        }
        List<SendResult> results = new ArrayList<>(messages.size());
        if (!eventsMaySend(queueArn, ruleArn)) {
            boolean exists = queues.containsKey(queueName(queueArn));
            SendResult r = exists
                    ? new SendResult(SendOutcome.NO_PERMISSIONS, "Access to the resource " + queueUrl(queueArn)
                            + " is denied.")
                    : new SendResult(SendOutcome.NO_RESOURCE, "Resource " + queueArn + " does not exist.");
            messages.forEach(m -> results.add(r));
            return results;
        }
        try {
            boolean[] sent = queuesInProcess.send(queueName(queueArn), messages);
            if (sent == null) {
                messages.forEach(m -> results.add(new SendResult(SendOutcome.NO_RESOURCE,
                        "Resource " + queueArn + " does not exist.")));
                return results;
            }
            int ok = 0;
            for (boolean s : sent) {
                results.add(s ? SendResult.OK : new SendResult(SendOutcome.FAILED, "ElasticMQ did not take the message"));
                ok += s ? 1 : 0;
            }
            metrics.count(queueName(queueArn), "NumberOfMessagesSent", ok);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            messages.forEach(m -> results.add(new SendResult(SendOutcome.FAILED, "interrupted")));
        } catch (Exception e) {
            messages.forEach(m -> results.add(new SendResult(SendOutcome.FAILED, String.valueOf(e.getMessage()))));
        }
        return results;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stopAndWait();
        }
        if (queuesInProcess != null) {
            queuesInProcess.close();
        }
    }
}
