package io.busquake.cli;

import io.busquake.emulator.Emulator;
import io.busquake.emulator.Quotas;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves the embedded endpoint in the foreground until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Serve the embedded EventBridge + SQS endpoint until interrupted (Ctrl-C).")
final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 4566;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--region", description = "Region the endpoint claims to be (default: ${DEFAULT-VALUE}).")
    String region = Emulator.DEFAULT_REGION;

    @Option(names = "--account", description = "12-digit account id (default: ${DEFAULT-VALUE}).")
    String account = Emulator.DEFAULT_ACCOUNT;

    @Option(names = "--put-events-tps", description = "PutEvents TPS quota (default: the Region's).")
    Double putEventsTps;

    @Option(names = "--invocations-tps", description = "Invocations TPS quota (default: the Region's).")
    Double invocationsTps;

    @Override
    public Integer call() throws Exception {
        Quotas defaults = Quotas.defaultsFor(region);
        Quotas quotas = new Quotas(putEventsTps != null ? putEventsTps : defaults.putEventsTps(),
                invocationsTps != null ? invocationsTps : defaults.invocationsTps());
        Emulator emulator = Emulator.builder().host(host).port(port).region(region).account(account).quotas(quotas)
                .build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "busquake-emulator-shutdown"));
        System.out.println("busquake emulator serving EventBridge and SQS at " + emulator.endpoint());
        System.out.println("  region " + emulator.region() + ", account " + emulator.accountId()
                + ", PutEvents " + quotas.putEventsTps() + " TPS, invocations " + quotas.invocationsTps() + " TPS");
        System.out.println("Point the AWS CLI at it:");
        System.out.println("  export AWS_ENDPOINT_URL=" + emulator.endpoint());
        System.out.println("  export AWS_REGION=" + emulator.region() + " AWS_DEFAULT_REGION=" + emulator.region());
        System.out.println("  export AWS_ACCESS_KEY_ID=busquake AWS_SECRET_ACCESS_KEY=busquake");
        System.out.println("  (aws-cli v1 ignores AWS_ENDPOINT_URL for SQS calls that take a queue URL: pass --endpoint-url "
                + emulator.endpoint() + ")");
        System.out.println("Fault controls: " + emulator.endpoint() + "/_busquake/faults   (Ctrl-C stops)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
