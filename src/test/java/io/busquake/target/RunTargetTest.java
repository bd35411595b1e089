package io.busquake.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.busquake.scenario.Target;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunTargetTest {
    private static final Target.Credentials TEST = new Target.Credentials(Target.Credentials.Source.TEST,
            Optional.empty());

    @Test
    void embeddedTarget_startsTheEndpoint_andItsClientsTalkToIt() {
        Target embedded = new Target(Target.Type.EMBEDDED, Optional.empty(), "eu-west-1", "123456789012", TEST);
        try (RunTarget target = RunTarget.start(embedded)) {
            assertThat(target.endpoint().toString()).startsWith("http://127.0.0.1:");
            assertThat(target.region().id()).isEqualTo("eu-west-1");
            assertThat(target.queueArn("q")).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:q");
            String url = target.sqs().createQueue(b -> b.queueName("q")).queueUrl();
            assertThat(target.sqs().listQueues().queueUrls()).containsExactly(url);
            assertThat(target.eventBridge().listEventBuses(b -> { }).eventBuses()).singleElement()
                    .satisfies(bus -> assertThat(bus.arn()).isEqualTo(target.busArn("default")));
        }
    }

    @Test
    void endpointTarget_withoutCredentials_isUnsigned() {
        Target.Credentials none = new Target.Credentials(Target.Credentials.Source.NONE, Optional.empty());
        try (RunTarget target = RunTarget.endpoint(URI.create("http://127.0.0.1:1"), "us-east-1", "000000000000",
                none)) {
            assertThat(target.signed()).isFalse();
            assertThat(target.emulator()).isEmpty();
        }
    }

    @Test
    void endpointTarget_withARelativeUrl_isRejectedWithTheFix() {
        assertThatThrownBy(() -> RunTarget.endpoint(URI.create("localhost"), "us-east-1", "000000000000", TEST))
                .hasMessageContaining("target.endpoint must be an absolute http(s) URL")
                .hasMessageContaining("'localhost'");
    }

    @Test
    void localstackTarget_isNotSupportedYet_andSaysWhatToUseInstead() {
        Target localstack = new Target(Target.Type.LOCALSTACK, Optional.empty(), "us-east-1", "000000000000", TEST);
        assertThatThrownBy(() -> RunTarget.start(localstack))
                .hasMessageContaining("target.type localstack is not supported yet")
                .hasMessageContaining("target.type: endpoint");
    }
}
