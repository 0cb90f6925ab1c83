#!/usr/bin/env bash
# Issue 10: a short CLI command (`pobsync runs --limit 1`) must start no slower after the
# restructuring than before it. Builds the jar of a base commit (default bc85388, the last
# commit before the restructuring) in a throw-away worktree next to this checkout's jar, gives
# both their launch cache (the base makes its own at its first command, the current one at
# `mvn package`), gives each a SQLite database holding the same 1,000 runs, and runs the command
# alternately with each, timing every run with /usr/bin/time (wall, user+system CPU, peak RSS).
# Prints medians and ratios and rewrites the "cli-start" section of docs/benchmarks.md.
#
#   bench/cli-start.sh                 # 30 runs of each, then docs/benchmarks.md
#   REPS=10 DOC=- bench/cli-start.sh   # a quick look, print only
#   BASE=<commit> bench/cli-start.sh   # against another commit
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BASE="${BASE:-bc85388}"
REPS="${REPS:-30}"
DOC="${DOC:-$repo/docs/benchmarks.md}"

for tool in /usr/bin/time mvn git sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install time maven git sqlite3)" >&2; exit 2; }
done
[ -f "$repo/app/target/pobsync.jar" ] || { echo "bench: build first: mvn -q package -DskipTests" >&2; exit 2; }
[ -d "$repo/app/target/pobsync-launch" ] || { echo "bench: the launch cache is missing; run mvn package without -DskipLaunchCache" >&2; exit 2; }

work="$(mktemp -d)"
cleanup() {
  git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench: building $BASE in $work/base" >&2
git -C "$repo" worktree add -q --detach "$work/base" "$BASE"
(cd "$work/base" && mvn -q -B -o package -DskipTests >"$work/base-build.log" 2>&1) \
  || { echo "bench: the build of $BASE failed, see $work/base-build.log" >&2; cat "$work/base-build.log" >&2; exit 1; }

# Each version gets its own database (made by its own migrations, so the base never sees a
# schema newer than it knows), holding the same host and 1,000 runs.
bin_of() { if [ "$1" = base ]; then echo "$work/base/bin/pobsync"; else echo "$repo/bin/pobsync"; fi; }
for v in base current; do
  bin="$(bin_of "$v")"
  export POBSYNC_DATA_DIR="$work/data-$v" POBSYNC_BACKUP_ROOT="$work/backups-$v"
  mkdir -p "$POBSYNC_BACKUP_ROOT"
  "$bin" manage migrate >/dev/null
  "$bin" manage configure-host web1 --address web1.example.net --path /etc >/dev/null
  sqlite3 "$POBSYNC_DATA_DIR/pobsync.sqlite3" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
    INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested, queued_at, started_at, finished_at)
    SELECT (SELECT id FROM host WHERE name = 'web1'), 'schedule', 0, 0, 'succeeded', 0,
           1700000000000 + i * 86400000, 1700000000000 + i * 86400000, 1700000060000 + i * 86400000 FROM n;" \
    2>"$work/seed.err" || { echo "bench: seeding runs failed: $(cat "$work/seed.err")" >&2; exit 1; }
done

# Warm-up: the base builds its launch cache now (untimed); both fill the page cache.
for v in base current; do
  for _ in 1 2 3; do POBSYNC_DATA_DIR="$work/data-$v" "$(bin_of "$v")" runs --limit 1 >/dev/null; done
done

for ((i = 0; i < REPS; i++)); do
  order=(base current); (( i % 2 )) && order=(current base)
  for v in "${order[@]}"; do
    POBSYNC_DATA_DIR="$work/data-$v" POBSYNC_BACKUP_ROOT="$work/backups-$v" \
      /usr/bin/time -f "%e %U %S %M" -a -o "$work/$v.times" "$(bin_of "$v")" runs --limit 1 >/dev/null
  done
done

python3 - "$work" "$BASE" "$REPS" >"$work/figures.md" <<'EOF'
import statistics, sys
work, base, reps = sys.argv[1], sys.argv[2], sys.argv[3]
def load(v):
    rows = [l.split() for l in open(f"{work}/{v}.times") if l.strip() and l[0].isdigit()]
    return ([float(r[0]) for r in rows], [float(r[1]) + float(r[2]) for r in rows], [int(r[3]) / 1024 for r in rows])
b, c = load("base"), load("current")
med = statistics.median
print(f"`pobsync runs --limit 1` against a database of 1,000 runs, {reps} runs of each, alternating,")
print(f"both from their launch cache; base = {base} (before the restructuring), current = this checkout.\n")
print("| version | wall median / min (s) | CPU median (s) | peak RSS median (MB) |")
print("|---|---|---|---|")
for name, (w, cpu, rss) in (("base", b), ("current", c)):
    print(f"| {name} | {med(w):.3f} / {min(w):.3f} | {med(cpu):.3f} | {med(rss):.0f} |")
print(f"\nRatio current/base: wall {med(c[0]) / med(b[0]):.2f}x (median), {min(c[0]) / min(b[0]):.2f}x (min); "
      f"CPU {med(c[1]) / med(b[1]):.2f}x.")
EOF
cat "$work/figures.md"
if [ "$DOC" != - ]; then
  {
    echo "## CLI start: before and after the restructuring (issue 10)"
    echo
    cat "$work/figures.md"
    echo
    echo "Measured by \`bench/cli-start.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end."
  } >"$work/section.md"
  python3 "$here/write-doc-section.py" "$DOC" cli-start "$work/section.md"
  echo "bench: wrote the cli-start section of $DOC" >&2
fi
