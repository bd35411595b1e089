/**
 * Creates a scenario's topology on a target with the SDK v2 calls that would be made on AWS (CreateEventBus,
 * CreateQueue with the queue policy the console would add, PutRule, PutTargets) and removes exactly what it created
 * after the run. {@link io.busquake.provision.Provisioner} is the entry.
 */
package io.busquake.provision;
