package io.busquake.scenario;

import io.busquake.scenario.internal.Binder;
import io.busquake.scenario.internal.Defaults;
import io.busquake.scenario.internal.Document;
import io.busquake.scenario.internal.Overrides;
import io.busquake.scenario.internal.SchemaCheck;
import io.busquake.scenario.internal.SchemaModel;
import io.busquake.scenario.internal.Semantics;
import io.busquake.scenario.internal.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads scenario files. Overrides are applied to the file's tree, then the whole is validated (schema, then
 * references and budgets), defaults are filled in, and a {@link Scenario} comes back; or a
 * {@link ScenarioException} lists every problem, each with file:line:column, the field, the bad value, what is
 * allowed and the fix.
 */
public final class ScenarioLoader {
    /** The system property holding overrides: {@code -Dset=<path>=<value>[,<path>=<value>...]}. */
    public static final String OVERRIDES_PROPERTY = "set";
    /** The classpath resource of the JSON Schema scenario files are validated against. */
    public static final String SCHEMA_RESOURCE = SchemaModel.RESOURCE;

    private ScenarioLoader() {
    }

    /** Loads {@code file} with no overrides. */
    public static Scenario load(Path file) {
        return load(file, "");
    }

    /** Loads {@code file} with the overrides in the {@code set} system property, if any. */
    public static Scenario loadWithSystemOverrides(Path file) {
        return load(file, System.getProperty(OVERRIDES_PROPERTY, ""));
    }

    /**
     * Loads {@code file} with {@code overrides} in the {@code -Dset} form, e.g.
     * {@code load.phases[0].rate=500,consumers.orders.idempotent=false}.
     */
    public static Scenario load(Path file, String overrides) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(List.of(new Problem(file.toString(), 0, 0, "(the file)",
                    "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "",
                    "check the path, e.g. -Dscenario=scenarios/smoke.yaml")));
        }
        return parse(file.toString(), yaml, overrides, defaultName(file));
    }

    /**
     * Loads a scenario held in memory; {@code source} names it in problems.
     *
     * @param defaultName the name used when the scenario has no {@code name}
     */
    public static Scenario parse(String source, String yaml, String overrides, String defaultName) {
        Document document = Document.parse(source, yaml);
        new Overrides().apply(document, overrides);
        new SchemaCheck().check(document);
        new Defaults().apply(document);
        new Semantics(document).check();
        document.failIfProblems();
        Scenario scenario = Binder.bind(document.root(), defaultName);
        checkAlarmExpectations(document, scenario);
        return scenario;
    }

    // Expected alarms can name recommended alarms, which exist only once the topology is bound.
    private static void checkAlarmExpectations(Document document, Scenario scenario) {
        List<String> names = new ArrayList<>(scenario.alarms().stream().map(AlarmDefinition::name).toList());
        for (int i = 0; i < scenario.expect().alarms().size(); i++) {
            String alarm = scenario.expect().alarms().get(i).alarm();
            if (!names.contains(alarm)) {
                document.valueProblem("/expect/alarms/" + i + "/alarm", "alarm \"" + alarm + "\" is not defined",
                        String.join(", ", names), Suggestions.didYouMean(alarm, names,
                                "define it under alarms, or use one of the recommended alarms' names"));
            }
        }
        document.failIfProblems();
    }

    private static String defaultName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") ? name.substring(0, name.length() - 5)
                : name.endsWith(".yml") ? name.substring(0, name.length() - 4) : name;
    }
}
