#!/usr/bin/env bash
# Scheduler and worker benchmark; rewrites its section of docs/benchmarks.md.
#  1. one scheduler pass over 10,000 enabled schedules on SQLite: none due, and all due;
#  2. claim throughput with 1,000 queued no-op runs (claim + finish, no rsync) and 4 workers on
#     SQLite and MariaDB, and 1,000 real local-transport backups of an empty directory;
#  3. the worker process's resident memory while it runs 4 bandwidth-limited backups at once;
#  4. what an idle worker costs: its look at the queue every second (in-JVM, both databases) and
#     the CPU time of an idle `pobsync worker --loop` process over its second minute (the first
#     is mostly the JIT compiling: about 4 s of CPU).
# Data lives on tmpfs (/dev/shm) unless BENCH_DIR says otherwise; the private MariaDB server of
# the test suite keeps its files under /tmp.
# Usage: bench/scheduler-worker.sh [--no-docs]
set -euo pipefail
cd "$(dirname "$0")/.."

write_docs=true
[ "${1:-}" = "--no-docs" ] && write_docs=false

BENCH_DIR="${BENCH_DIR:-/dev/shm/pobsync-bench-$$}"
export BENCH_DIR
export BENCH_OUT="$BENCH_DIR/results.txt"
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
trap 'rm -rf "$BENCH_DIR"' EXIT

fs=$(df --output=fstype "$BENCH_DIR" | tail -1)
java_version=$(java -version 2>&1 | head -1)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: $(nproc) cores, data on $fs ($BENCH_DIR), $java_version, load average $load_start"

# 1 and 2: in-process measurements (a JUnit class that is not part of the suite).
mvn -o -B -q verify -Dtest=SchedulerWorkerBenchmark -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
cat "$BENCH_OUT"
# shellcheck disable=SC1091 # written by SchedulerWorkerBenchmark
. "$BENCH_DIR/results.env"

# 3: the worker as systemd runs it (bin/pobsync's service JVM options): four local backups of a
# 24 MB file each at 1,000 KB/s, all four running for about 25 s; 12 samples from 6 s in.
[ -f app/target/pobsync.jar ] || mvn -o -B -q package -DskipTests
export POBSYNC_DATA_DIR="$BENCH_DIR/rss/var" POBSYNC_BACKUP_ROOT="$BENCH_DIR/rss/backups"
mkdir -p "$POBSYNC_BACKUP_ROOT"
for i in 1 2 3 4; do
  mkdir -p "$BENCH_DIR/rss/src$i"
  head -c $((24 * 1024 * 1024)) /dev/urandom > "$BENCH_DIR/rss/src$i/blob.bin"
  bin/pobsync manage configure-host "h$i" --transport local --path "$BENCH_DIR/rss/src$i" --bwlimit 1000 >/dev/null 2>&1
done
bin/pobsync worker --loop --interval 1 --concurrency 4 2>"$BENCH_DIR/rss/worker.log" &
worker=$!
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Beside it, a worker as systemd runs it (a pass every 15 s), for an idle minute after a minute to
# settle: passes, the look at the queue every second, heartbeats. Stopped before anything is queued.
bin/pobsync worker --loop 2>"$BENCH_DIR/rss/idle-worker.log" &
idle_worker=$!
sleep 8
idle_mb=$(( $(rss_kb $worker) / 1024 ))
sleep 52
ticks_before=$(cpu_ticks $idle_worker)
sleep 60
idle_cpu_ms=$(( ($(cpu_ticks $idle_worker) - ticks_before) * 1000 / $(getconf CLK_TCK) ))
kill -TERM $idle_worker
wait $idle_worker || true
for i in 1 2 3 4; do bin/pobsync manage run-backup "h$i" --queue >/dev/null 2>&1; done
sleep 6
samples=()
rsync_counts=()
rsync_mb_per_backup=0
for n in $(seq 1 12); do
  samples+=("$(rss_kb $worker)")
  children=$(pgrep -P $worker rsync || true)
  rsync_counts+=("$(echo "$children" | grep -c . || true)")
  if [ "$n" -eq 1 ] && [ -n "$children" ]; then
    total=0
    for p in $children $(for c in $children; do pgrep -P "$c" || true; done); do total=$((total + $(rss_kb "$p"))); done
    rsync_mb_per_backup=$((total / 1024 / $(echo "$children" | grep -c .)))
  fi
  sleep 1
done
kill -TERM $worker
wait $worker || true
sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
rss_min=$(( $(echo "$sorted" | head -1) / 1024 ))
rss_median=$(( $(echo "$sorted" | sed -n 6p) / 1024 ))
rss_max=$(( $(echo "$sorted" | tail -1) / 1024 ))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "idle worker (default interval): ${idle_cpu_ms} ms CPU in its second minute"
echo "worker RSS: idle $idle_mb MB; running 4 backups: min $rss_min, median $rss_median, max $rss_max MB" \
     "(rsync children per sample: ${rsync_counts[*]}; rsync processes per backup: $rsync_mb_per_backup MB)"
echo "bench: load average at end: $load_end"

$write_docs || exit 0
first_of() { echo "${1%% /*}"; }
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 < t + 0) ? "met" : "missed" }'; }
section=$(cat <<MD
<!-- scheduler-worker:begin -->
## Scheduler and worker

Measured by \`bench/scheduler-worker.sh\` on $(date -u +%Y-%m-%d): $fs (\`/dev/shm\`), $(nproc) cores,
$java_version; load average $load_start before the run and $load_end after (the machine is shared
with other builds, so the figures are pessimistic). Passes and claims run in one JVM (start-up
not included); the memory figure is a real \`pobsync worker --loop\` process.

| What | Result | Target |
|---|---|---|
| Scheduler pass, 10,000 enabled schedules, none due | first $idle_first_ms ms, median of 20 $idle_median_ms ms | < 200 ms: $(met "$idle_median_ms" 200) |
| Scheduler pass, 10,000 schedules all due, one expression (3 rounds) | $due_same_ms ms | < 200 ms: $(met "$(first_of "$due_same_ms")" 200) |
| Scheduler pass, 10,000 schedules all due, 1,440 distinct expressions (3 rounds) | $due_distinct_ms ms | |
| Claim + finish, no rsync: 1,000 queued runs, 4 workers (own pools), SQLite (2 rounds) | $claims_sqlite runs/s | |
| Same on MariaDB (private server, data on /tmp) | $claims_mariadb runs/s | |
| Local-transport backups of an empty directory: 1,000 runs, 4 workers of concurrency 1 | $backups_per_s runs/s ($backups_ok succeeded) | |
| \`pobsync worker\` RSS, idle | $idle_mb MB | |
| Idle worker's look at the queue (every second between passes), 100,000 finished runs in the table: SQLite | median $poll_sqlite_us µs | |
| Same on MariaDB | median $poll_mariadb_us µs | |
| Idle \`pobsync worker --loop\` process (default 15 s interval), CPU time in its second minute (passes, queue looks, heartbeats) | $idle_cpu_ms ms | |
| \`pobsync worker\` RSS running 4 backups at once (12 samples) | median $rss_median MB (min $rss_min, max $rss_max) | |

The pass that finds nothing due is one indexed query. A pass where all 10,000 are due writes
about 40,000 rows: per schedule the slot (a conditional UPDATE), the run (an INSERT into a table
with four indexes), its audit event and the schedule's outcome, 500 schedules per transaction,
plus one log line each. Those writes, not the pass's logic, are why it misses the target: the
\`sqlite3\` shell alone took 1.0 s for the same 40,000 statements on this machine under similar
load (measured once, by hand). First rounds are
slower (JIT); distinct expressions add one cron-utils computation per expression (~0.1 ms).
The no-op claim is a claim transaction (two conditional UPDATEs) plus the finish transaction;
the empty backup adds rsync's start, the snapshot directory and its records. The worker's memory
is the JVM's (serial GC, default heap sizing); each backup's rsync processes (sender, receiver,
generator) add about $rsync_mb_per_backup MB outside it. Backups running per sample: ${rsync_counts[*]}.
An idle worker looks at the queue once a second (two index seeks: the newest queued run and
prune request), so "Back up now" starts within about a second instead of at the next pass; at
the medians above that is well under a millisecond of database time per second, and the idle
process's CPU time includes it.
<!-- scheduler-worker:end -->
MD
)
doc=docs/benchmarks.md
if [ ! -f "$doc" ]; then
  printf '# Benchmarks\n\nFigures measured by the scripts under `bench/`; each script rewrites its own section.\n' > "$doc"
fi
SECTION="$section" python3 - "$doc" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
section = os.environ["SECTION"]
pattern = re.compile(r"<!-- scheduler-worker:begin -->.*?<!-- scheduler-worker:end -->", re.S)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "bench: wrote the scheduler-worker section of $doc"
