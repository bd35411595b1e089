/**
 * Scenario files: the one thing a user writes to describe a run.
 *
 * <p>{@link io.busquake.scenario.ScenarioLoader} reads a YAML scenario, applies {@code -Dset} overrides,
 * validates it against {@code scenario.schema.json} plus cross-reference checks, fills in every default
 * and returns an immutable {@link io.busquake.scenario.Scenario}. Nothing starts on a bad file: every
 * problem is collected into one {@link io.busquake.scenario.ScenarioException}, each naming
 * file:line:column, the field, the bad value, what is allowed and the fix. A resolved scenario can be
 * written back as YAML with {@link io.busquake.scenario.Scenario#toYaml()}.
 *
 * <p>This package knows no other busquake package.
 */
package io.busquake.scenario;
