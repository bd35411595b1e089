/**
 * The one clock of a run: it tells the time and runs scheduled work, so retries, metric periods and alarm
 * evaluation all follow it. {@link io.busquake.clock.SchedulingClock#system()} follows the wall clock;
 * {@link io.busquake.clock.VirtualClock} moves only when a test advances it, which lets a test run ten minutes
 * of retries and alarms in milliseconds. A leaf package: it depends on nothing in busquake.
 */
package io.busquake.clock;
