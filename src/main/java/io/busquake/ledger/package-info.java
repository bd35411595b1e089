/**
 * The per-event record of a run: which sequence numbers PutEvents accepted or rejected, and, per target, which were
 * expected to match, delivered, dead-lettered and processed, each as a compressed bitmap, plus end-to-end latency.
 *
 * <p>Load, the consumers and the DLQ reader write it from many threads; the verifier reads it. {@link
 * io.busquake.ledger.Ledger} is the door: it records, answers reconciliation questions ({@code missing},
 * duplicates, counts, the first N of a set) with {@link io.busquake.ledger.SequenceSet} values, writes itself to a
 * file and merges with the ledger of another injector.
 *
 * <p>Sequence numbers are the {@code busquake.seq} field every event carries. They are kept as unsigned 32-bit
 * values (0 to 4,294,967,295): a run that large would last five days at 10,000 events per second, and 32-bit
 * Roaring bitmaps are smaller and faster than the 64-bit kind. This package knows no other busquake package.
 */
package io.busquake.ledger;
