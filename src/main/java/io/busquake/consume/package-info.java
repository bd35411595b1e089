/**
 * The reference consumer: long-polling SQS workers that read a target queue, perform each event's side effect, and
 * record every delivery and every side effect in the {@link io.busquake.ledger.Ledger}, so the verifier can tell
 * duplicate deliveries (normal for SQS) from duplicate side effects (a bug an idempotent consumer must not have).
 *
 * <p>{@link io.busquake.consume.QueueConsumer} is the door. Idempotency works as Powertools for AWS Lambda's does:
 * an {@link io.busquake.consume.IdempotencyStore} record per idempotency key, in progress while the side effect runs
 * and completed after, each with an expiry; in memory by default, shaped for a DynamoDB conditional-write store.
 * {@link io.busquake.consume.ConsumerFaults} are the hooks the {@code slow-consumer} and {@code crash-consumer}
 * faults use. This package knows {@code ledger} and the AWS SDK, nothing else of busquake.
 */
package io.busquake.consume;
