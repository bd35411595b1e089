/**
 * The command line ({@code java -jar target/busquake.jar}): picocli commands that wire the other areas together.
 * Start here: {@link io.busquake.cli.Main}.
 */
package io.busquake.cli;
