/**
 * The worker: it turns queued runs into backups, at most the configured number at once and never
 * two for one host, and keeps the queue honest — runs whose worker died are failed as
 * "worker lost", a cancel ends rsync within seconds, and a stopping worker records and re-queues
 * what it was running instead of orphaning it.
 *
 * <p>{@link org.pobsync.loop.BackgroundLoop} is the shape the scheduler and the worker share,
 * so {@code pobsync serve} can run both next to the web panel; {@link
 * org.pobsync.loop.PeriodicLoop} is its one implementation of "a pass every interval, never
 * dying on one bad pass". The claim itself is {@code RunService.claimNext}; docs/design.md
 * ("Process model") explains the protocol.
 */
package org.pobsync.worker;

import org.pobsync.loop.BackgroundLoop;
import org.pobsync.loop.PeriodicLoop;

