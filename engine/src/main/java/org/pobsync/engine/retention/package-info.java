/**
 * Retention: which snapshots of a host a prune keeps, and why. Pure functions over snapshot
 * records; nothing here reads the disk or the clock.
 *
 * <h2>The rules (exactly Proxmox Backup Server's prune)</h2>
 * Only {@code complete} and {@code partial} snapshots take part, sorted newest first. The rules
 * run in the order keep-last, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly;
 * each rule puts every snapshot into a period of the planner's time zone (its own for keep-last,
 * then the local hour, day, ISO week of the ISO week-based year, month, year). For one rule:
 * <ol>
 *   <li>The periods of snapshots that earlier rules already marked KEEP are "already included":
 *       they do not count towards this rule's N.</li>
 *   <li>Walk the snapshots newest first. Skip a snapshot an earlier rule already marked (keep or
 *       remove), and one whose period is already included.</li>
 *   <li>A snapshot in a period this rule already selected is marked REMOVE (a newer snapshot
 *       holds that period).</li>
 *   <li>A snapshot in a new period: if the rule already holds N periods the rule stops (break);
 *       otherwise it selects the period and marks the snapshot KEEP.</li>
 * </ol>
 * Snapshots left unmarked after all rules are pruned. A policy with no rule set keeps everything.
 * So keep-last 1 with keep-daily 2 keeps three days: the newest snapshot's day is already
 * included, and keep-daily takes the next two days that have a snapshot.
 *
 * <h2>pobsync's safety rules on top</h2>
 * Applied after the rules, so the rules' own choices stay exactly PBS's:
 * <ul>
 *   <li>the newest {@code complete} snapshot is always kept ({@link
 *       org.pobsync.engine.retention.KeepReason#NEWEST_COMPLETE}), even when a newer
 *       {@code partial} one took the policy's last slot;</li>
 *   <li>the base of a running backup is never pruned, whatever its status
 *       ({@link org.pobsync.engine.retention.KeepReason#RUNNING_BASE});</li>
 *   <li>{@code incomplete} snapshots newer than the newest complete one are kept (running, or the
 *       latest failures); older ones are pruned as stale. Unlike PBS, which keeps only the newest
 *       unfinished snapshot, pobsync keeps every failure since the last complete backup: they may
 *       hold the only copy of files changed since;</li>
 *   <li>{@code deleting} snapshots are pruned: a previous prune was interrupted, this one finishes
 *       it;</li>
 *   <li>with no rule set nothing is pruned except {@code deleting} snapshots.</li>
 * </ul>
 *
 * <h2>Reasons</h2>
 * A kept snapshot names the rule that selected it and every later rule for which its period was
 * already included (if several kept snapshots share that period, the newest is credited), so the
 * newest snapshot under keep-last 1 and keep-daily 7 reads "last, daily". Safety reasons are
 * listed only when the rules alone would have pruned the snapshot.
 *
 * <h2>Idempotence</h2>
 * Planning again over the kept snapshots (same policy, zone and running backups) prunes nothing
 * and gives every snapshot the same verdict and reasons; the randomized tests check this. Each
 * rule selects the same snapshots from the smaller list, because what it skipped or removed
 * before is either gone or skipped again. A snapshot a later rule kept cannot fall into a period
 * this rule selected: sharing an hour means sharing the day, week, month and year, so the later
 * rule would have found its period already included. (The one gap would be a week spanning two
 * months in a zone whose clock goes back across Monday midnight; no tz database zone does that
 * between 1900 and 2100.) The plan is not stable as new snapshots arrive, though: a new snapshot
 * moves every rule's window, and removing a snapshot by hand can let an older one take its period.
 */
package org.pobsync.engine.retention;
