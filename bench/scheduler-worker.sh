#!/usr/bin/env bash
# Scheduler and worker benchmark (docs/benchmarks.md, "Scheduler and worker"):
#  1. one scheduler pass over 10,000 enabled schedules on SQLite, none due and all due;
#  2. claim throughput with 1,000 queued runs and 4 workers (claim + finish, no rsync), SQLite and
#     MariaDB, and the same with real local-transport backups of an empty directory;
#  3. the worker process's resident memory while it runs 4 bandwidth-limited backups at once.
# Everything lives on tmpfs (/dev/shm) unless BENCH_DIR says otherwise.
# Usage: bench/scheduler-worker.sh            (prints the figures; appends nothing to the docs)
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR="${BENCH_DIR:-/dev/shm/pobsync-bench-$$}"
export BENCH_DIR
export BENCH_OUT="$BENCH_DIR/results.txt"
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
trap 'rm -rf "$BENCH_DIR"' EXIT

echo "bench: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, data on $(df --output=fstype "$BENCH_DIR" | tail -1) ($BENCH_DIR)"
echo "bench: java $(java -version 2>&1 | head -1), $(rsync --version | head -1)"

# 1 and 2: in-process measurements (JUnit, not part of the suite).
mvn -o -B -q verify -Dtest=SchedulerWorkerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsurefire.redirectTestOutputToFile=true >/dev/null
cat "$BENCH_OUT"

# 3: the worker as systemd would run it (bin/pobsync's service JVM options), four local backups of
# a 24 MB file each at 1,000 KB/s, so all four run for about 25 s.
[ -f app/target/pobsync.jar ] || mvn -o -B -q package -DskipTests
export POBSYNC_DATA_DIR="$BENCH_DIR/rss/var" POBSYNC_BACKUP_ROOT="$BENCH_DIR/rss/backups"
mkdir -p "$POBSYNC_BACKUP_ROOT"
pobsync() { bin/pobsync "$@" 2>/dev/null; }
for i in 1 2 3 4; do
  mkdir -p "$BENCH_DIR/rss/src$i"
  head -c $((24 * 1024 * 1024)) /dev/urandom > "$BENCH_DIR/rss/src$i/blob.bin"
  pobsync manage configure-host "h$i" --transport local --path "$BENCH_DIR/rss/src$i" --bwlimit 1000 >/dev/null
done
bin/pobsync worker --loop --interval 1 --concurrency 4 2>"$BENCH_DIR/rss/worker.log" &
worker=$!
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
sleep 8
idle=$(rss $worker)
for i in 1 2 3 4; do pobsync manage run-backup "h$i" --queue >/dev/null; done
sleep 6
samples=()
rsyncs=()
for _ in $(seq 1 12); do
  samples+=("$(rss $worker)")
  running=0; rsync_kb=0
  for p in $(pgrep -P $worker rsync || true); do
    running=$((running + 1))
    for q in $p $(pgrep -P "$p" || true); do rsync_kb=$((rsync_kb + $(rss "$q" || echo 0))); done
  done
  rsyncs+=("$running:$rsync_kb")
  sleep 1
done
kill -TERM $worker
wait $worker || true
sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
echo "worker RSS (bin/pobsync service options: -XX:+UseSerialGC -Xss512k), idle before the backups: $((idle / 1024)) MB"
echo "worker RSS while running 4 backups at once (12 samples, 1 s apart): min $(( $(echo "$sorted" | head -1) / 1024 )) MB," \
     "median $(( $(echo "$sorted" | sed -n 6p) / 1024 )) MB, max $(( $(echo "$sorted" | tail -1) / 1024 )) MB"
echo "rsync processes under the worker per sample (count:KB, rsync sender+receiver): ${rsyncs[*]}"
grep -c "succeeded\|cancelled" "$BENCH_DIR/rss/worker.log" >/dev/null || true
