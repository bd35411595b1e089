package io.busquake.run;

import io.busquake.load.PutEventsCall;
import io.busquake.load.PutEventsLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Sends a run's PutEvents requests over a real socket with the JDK's HTTP client, the way the Gatling simulation
 * does: the load's body, its fixed headers and its signed headers. Host is left to the client, which sends the same
 * value the signature covers.
 */
final class PutEventsSender {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PutEventsLoad load;

    PutEventsSender(PutEventsLoad load) {
        this.load = load;
    }

    PutEventsLoad.Outcome send(PutEventsCall call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(load.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        PutEventsLoad.HEADERS.forEach(request::header);
        load.signedHeaders(call.body()).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, value);
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return load.complete(call, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    PutEventsLoad.Outcome sendNext() {
        return send(load.next());
    }
}
