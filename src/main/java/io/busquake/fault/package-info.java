/**
 * Faults on a timeline that are always undone. {@link io.busquake.fault.FaultTimeline} is the door: one lifecycle
 * for every fault (validate, plan, inject, revert), the journal {@code results/<run-id>/faults.journal} written
 * before each change with what to restore, undo on a normal end, a failed run and Ctrl-C (shutdown hook), and
 * {@link io.busquake.fault.FaultTimeline#rollback} for after a crash. Resource faults are made with the SDK calls AWS
 * takes (SetQueueAttributes, DeleteQueue/CreateQueue, DisableRule/EnableRule); what has no resource-state form goes
 * through the endpoint's documented fault-control API over HTTP; consumer and load faults are hooks
 * ({@link io.busquake.consume.ConsumerFaults}, {@link io.busquake.load.LoadFaults}). This package knows
 * {@code scenario}, {@code target}, {@code consume} and {@code load}; never the emulator's Java API.
 */
package io.busquake.fault;
