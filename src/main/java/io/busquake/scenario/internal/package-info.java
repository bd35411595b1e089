/**
 * The scenario loader's machinery, behind {@link io.busquake.scenario.ScenarioLoader}: the YAML tree with the
 * position of every key and value ({@link io.busquake.scenario.internal.Document}), {@code -Dset} overrides,
 * the JSON Schema check and its wording, cross-reference checks, schema-declared defaults, binding to records
 * and writing them back as YAML. Other packages use {@code io.busquake.scenario}, not this one.
 */
package io.busquake.scenario.internal;
