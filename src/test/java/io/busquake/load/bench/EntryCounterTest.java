package io.busquake.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryCounterTest {
    /** Three entries whose details hold what a naive count would take for entry boundaries. */
    private static final String TRICKY = "{\"Entries\":["
            + "{\"Source\":\"a\",\"Detail\":\"{\\\"items\\\":[{\\\"id\\\":1},{\\\"id\\\":2}],"
            + "\\\"q\\\":\\\"\\\\\\\"}\"},"
            + "{\"Detail\":\"},{\\\"Source\\\":\\\"fake\\\"}\",\"Source\":\"b\",\"Resources\":[\"arn:x\"]},"
            + "{\"Source\":\"c\",\"Nested\":{\"Entries\":[{\"x\":{}}]}}"
            + "],\"EndpointId\":\"abc.def\"}";

    private static int count(String body) {
        EntryCounter counter = new EntryCounter();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        counter.feed(bytes, 0, bytes.length);
        return counter.entries();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"Entries\":[]}|0",
            "{\"Entries\":[{\"Source\":\"a\"}]}|1",
            "{ \"Entries\" : [ { \"Source\" : \"a\" } , { } ] }|2",
            "{\"EndpointId\":\"x\",\"Entries\":[{\"Detail\":\"{\\\"a\\\":{\\\"b\\\":[{}]}}\"}]}|1",
            "{}|0"})
    void entries_areTheObjectsDirectlyInTheTopLevelArray(String body, int entries) {
        assertThat(count(body)).isEqualTo(entries);
    }

    @Test
    void bracesAndQuotesInsideStrings_doNotCount() {
        assertThat(count(TRICKY)).isEqualTo(3);
    }

    @Test
    void entries_areCountedTheSame_howeverTheBodyIsChunked() {
        byte[] bytes = TRICKY.getBytes(StandardCharsets.UTF_8);
        EntryCounter counter = new EntryCounter();
        for (int split = 0; split <= bytes.length; split++) {
            counter.reset();
            counter.feed(Unpooled.wrappedBuffer(bytes, 0, split));
            counter.feed(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            assertThat(counter.entries()).as("split at %d", split).isEqualTo(3);
        }
    }

    @Test
    void reset_startsANewBody() {
        EntryCounter counter = new EntryCounter();
        byte[] unfinished = "{\"Entries\":[{\"Detail\":\"{[".getBytes(StandardCharsets.UTF_8);
        counter.feed(unfinished, 0, unfinished.length);
        counter.reset();
        byte[] next = "{\"Entries\":[{},{}]}".getBytes(StandardCharsets.UTF_8);
        counter.feed(next, 0, next.length);
        assertThat(counter.entries()).isEqualTo(2);
    }
}
