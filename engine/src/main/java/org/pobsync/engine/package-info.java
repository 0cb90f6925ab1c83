/**
 * The engine's vocabulary, shared by its packages and by the application: what a backup is asked
 * to do ({@link org.pobsync.engine.BackupRequest}, {@link org.pobsync.engine.SshTarget},
 * {@link org.pobsync.engine.Transport}), what it reports while it runs
 * ({@link org.pobsync.engine.BackupListener}, {@link org.pobsync.engine.Progress}) and how it
 * ended ({@link org.pobsync.engine.BackupResult}, {@link org.pobsync.engine.RunOutcome},
 * {@link org.pobsync.engine.SnapshotState}, {@link org.pobsync.engine.TransferStats}).
 *
 * <p>This package depends on no other package of the engine; the others depend on it. The
 * algorithm of a backup lives in {@link org.pobsync.engine.backup}; docs/design.md
 * ("Modules and packages") maps the rest.
 */
package org.pobsync.engine;
