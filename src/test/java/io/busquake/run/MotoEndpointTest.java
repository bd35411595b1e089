package io.busquake.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.busquake.load.LoadSummary;
import io.busquake.load.PutEventsLoad;
import io.busquake.scenario.Target;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** The smoke scenario as an {@code endpoint} target, against moto_server started on a free port. */
class MotoEndpointTest {
    private Process moto;
    private int port;

    @TempDir
    Path results;

    @BeforeEach
    void startMoto() throws IOException {
        Optional<Path> executable = onPath("moto_server");
        Assumptions.assumeTrue(executable.isPresent(), "moto_server is not on the PATH: skipping the moto tests "
                + "(install it with pip install 'moto[server]')");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder(executable.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).start();
        // Blocks on moto's own output until it says it listens: no sleeping, no polling.
        BufferedReader output = new BufferedReader(new InputStreamReader(moto.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            seen.add(line);
            if (line.contains("Running on")) {
                Thread drain = new Thread(() -> output.lines().forEach(l -> { }), "moto-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("moto_server exited before listening: " + seen);
    }

    @AfterEach
    void stopMoto() {
        if (moto != null) {
            moto.destroy();
        }
    }

    @Test
    void smokeScenario_asAnEndpointTarget_provisionsSendsSignedEventsAndTearsDown() throws Exception {
        String endpoint = "http://127.0.0.1:" + port;
        Run run = Run.prepare(Path.of("scenarios/smoke.yaml"), Run.RunOptions.defaults().withResultsRoot(results)
                .withOverrides("target.type=endpoint,target.endpoint=" + endpoint
                        + ",settle=0s,consumers.orders.queue=orders-dlq"));
        assertThat(run.scenario().target().type()).isEqualTo(Target.Type.ENDPOINT);
        run.start();
        LoadSummary summary;
        List<Message> delivered = new ArrayList<>();
        try {
            run.loadStarted();
            assertThat(run.target().endpoint().toString()).isEqualTo(endpoint);
            PutEventsSender sender = new PutEventsSender(run.load());
            for (int i = 0; i < 3; i++) {
                assertThat(sender.sendNext()).isEqualTo(PutEventsLoad.Outcome.OK);
            }
            String url = run.topology().queueUrl("orders");
            for (int poll = 0; poll < 10 && delivered.size() < 30; poll++) {
                delivered.addAll(run.target().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages());
            }
            summary = run.load().summary();
        } finally {
            run.finish();
        }
        assertThat(summary.entriesAccepted()).isEqualTo(30);
        assertThat(delivered).hasSize(30);
        assertThat(new ObjectMapper().readTree(delivered.get(0).body()).path("detail").path("busquake")
                .path("runId").asText()).isEqualTo(run.runId());
        assertThat(Files.readAllLines(run.report().outcomesFile())).hasSize(31);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
