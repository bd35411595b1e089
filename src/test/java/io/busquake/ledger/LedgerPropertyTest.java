package io.busquake.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random histories compared with a plain-collections model of the same questions. */
class LedgerPropertyTest {

    /** The obvious implementation, with HashSets, that the ledger must agree with. */
    private static final class Model {
        final Set<Long> expected = new HashSet<>();
        final Map<Long, Integer> deliveries = new HashMap<>();
        final Set<Long> receivedAgain = new HashSet<>();
        final Set<Long> deadLettered = new HashSet<>();
        final Map<Long, Integer> effects = new HashMap<>();

        Set<Long> deliveredMoreThanOnce() {
            Set<Long> more = deliveries.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            more.addAll(receivedAgain);
            return more;
        }

        Set<Long> missing(Set<Long> allowed) {
            Set<Long> missing = new TreeSet<>(expected);
            missing.removeAll(deliveries.keySet());
            missing.removeAll(deadLettered);
            missing.removeAll(allowed);
            return missing;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 17, 42, 1234, 99_999})
    void randomHistories_answerAsTheHashSetModelDoes(long seed) {
        Random random = new Random(seed);
        // Small universes make collisions (duplicates) common; large ones spread values over many containers.
        long universe = random.nextBoolean() ? 300 : Ledger.MAX_SEQ + 1;
        Model model = new Model();
        Ledger ledger = Ledger.create();
        TargetLedger target = ledger.target("t");
        for (int op = 0; op < 20_000; op++) {
            long seq = random.nextLong(universe);
            switch (random.nextInt(4)) {
                case 0 -> {
                    model.expected.add(seq);
                    target.recordExpected(seq);
                }
                case 1 -> {
                    int receiveCount = random.nextInt(10) == 0 ? 2 : 1;
                    model.deliveries.merge(seq, 1, Integer::sum);
                    if (receiveCount > 1) {
                        model.receivedAgain.add(seq);
                    }
                    target.recordDelivered(seq, receiveCount, 0, 0);
                }
                case 2 -> {
                    if (random.nextInt(5) == 0) {
                        model.deadLettered.add(seq);
                        target.recordDeadLettered(seq, "NO_RESOURCE", null);
                    }
                }
                default -> {
                    model.effects.merge(seq, 1, Integer::sum);
                    target.recordProcessed(seq, "k" + seq);
                }
            }
        }
        Set<Long> allowed = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            allowed.add(random.nextLong(universe));
        }
        long[] allowedArray = allowed.stream().mapToLong(Long::longValue).toArray();

        SequenceSet missing = target.missing(SequenceSet.of(allowedArray));

        Set<Long> modelMissing = model.missing(allowed);
        assertThat(missing.count()).isEqualTo(modelMissing.size());
        assertThat(missing.first(25)).isEqualTo(modelMissing.stream().limit(25).toList());
        assertThat(asSet(target.expected())).isEqualTo(model.expected);
        assertThat(asSet(target.delivered())).isEqualTo(model.deliveries.keySet());
        assertThat(asSet(target.deliveredMoreThanOnce())).isEqualTo(model.deliveredMoreThanOnce());
        assertThat(asSet(target.deadLettered())).isEqualTo(model.deadLettered);
        assertThat(asSet(target.processed())).isEqualTo(model.effects.keySet());
        assertThat(asSet(target.processedMoreThanOnce())).isEqualTo(model.effects.entrySet().stream()
                .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet()));
        for (long seq : List.of(0L, 1L, universe - 1)) {
            assertThat(missing.contains(seq)).isEqualTo(modelMissing.contains(seq));
        }
    }

    private static Set<Long> asSet(SequenceSet set) {
        return new HashSet<>(set.first(Integer.MAX_VALUE));
    }
}
