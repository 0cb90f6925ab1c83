#!/usr/bin/env bash
# Benchmarks of the engine's retention side: snapshot deletion vs rm -rf, retention planning,
# and discovery with sizes vs du -s. Runs on tmpfs (/dev/shm) so the figures measure our code
# and the kernel, not a disk; prints the figures and rewrites the "engine-retention" section
# of docs/benchmarks.md. Takes about two to four minutes.
#
#   bench/engine-retention.sh            # measure, print, update docs/benchmarks.md
#   BENCH_RUNS=4 bench/engine-retention.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${BENCH_RUNS:-6}   # per benchmark; the first run is warm-up and reported separately
shm=${BENCH_TMPFS:-/dev/shm}

say() { printf 'engine-retention: %s\n' "$*" >&2; }

if [ "$(df --output=fstype "$shm" | tail -n 1)" != tmpfs ]; then
    say "$shm is not tmpfs; set BENCH_TMPFS to a tmpfs directory"; exit 1
fi
for tool in java mvn cp rm du; do
    command -v "$tool" >/dev/null || { say "missing $tool"; exit 1; }
done

say "building the engine and its test classes"
mvn_quiet() { mvn -q -o "$@" >/dev/null 2>&1 || mvn -q "$@"; }
mvn_quiet -pl engine test-compile
cpfile=$(mktemp)
mvn_quiet -pl engine dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
classpath="engine/target/classes:engine/target/test-classes:$(cat "$cpfile")"
rm -f "$cpfile"

work=$(mktemp -d "$shm/pobsync-bench-retention.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

bench() { java -cp "$classpath" org.pobsync.bench.EngineRetentionBench "$@" 2>"$work/java.log" | grep -E '^(plan|delete|discover) '; }
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
say "planning over 100,000 snapshot records"
plan=$(bench plan 100000 "$runs")
say "deleting 200,000 small files, alternating with rm -rf of an identical copy"
delete=$(bench delete "$work/delete" 200000 "$runs")
rm -rf -- "$work/delete"
say "discovery with sizes over 10 hard-linked snapshots of 100,000 files, alternating with du -s"
discover=$(bench discover "$work/discover" 100000 "$runs")
printf '%s\n%s\n%s\n' "$plan" "$delete" "$discover"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
section=$(cat <<MD
<!-- engine-retention:begin -->
## Engine: retention, deletion, discovery

Measured by \`bench/engine-retention.sh\` on $(date -u +%Y-%m-%d): tmpfs (\`$shm\`), $(nproc) cores
($cpu), $(uname -sr), $(java -version 2>&1 | head -n 1); load average $load_before before the
run (the machine is shared). Figures are medians of $((runs - 1)) runs after one warm-up run,
inside one JVM as the worker runs them (JVM start-up not included). The reference tool ran
alternately with our code, so both saw the same load. CPU is user + system time: for pobsync
the whole JVM's (JIT and GC included), for the tool what bash's \`times\` reports.

| What | pobsync wall (CPU) | Reference wall (CPU) | Ratio wall (CPU) | Target |
|---|---|---|---|---|
| Delete one snapshot of $(field "$delete" files) small files: \`SnapshotDeleter\` vs \`rm -rf\` of an identical copy | $(field "$delete" median_ms) ms ($(field "$delete" cpu_median_ms) ms) | $(field "$delete" rm_median_ms) ms ($(field "$delete" rm_cpu_median_ms) ms) | $(field "$delete" ratio)x ($(field "$delete" cpu_ratio)x) | ≤ 1.2x |
| Plan retention over $(field "$plan" snapshots) snapshot records, all six rules | $(field "$plan" median_ms) ms | | | < 1000 ms |
| Discover 10 hard-linked snapshots ($(field "$discover" files) files in all) with per-snapshot and unique sizes vs \`du -s\` of the host directory | $(field "$discover" median_ms) ms ($(field "$discover" cpu_median_ms) ms) | $(field "$discover" du_median_ms) ms ($(field "$discover" du_cpu_median_ms) ms) | $(field "$discover" ratio)x ($(field "$discover" cpu_ratio)x) | ≤ 1.5x |

First (cold) runs: deletion $(field "$delete" first_ms) ms, planning $(field "$plan" first_ms) ms, discovery
$(field "$discover" first_ms) ms. Every warm run in ms: deletion $(field "$delete" all_ms), rm -rf
$(field "$delete" rm_all_ms); discovery $(field "$discover" all_ms), du -s $(field "$discover" du_all_ms).
<!-- engine-retention:end -->
MD
)

doc=docs/benchmarks.md
if [ ! -f "$doc" ]; then
    printf '# Benchmarks\n\nFigures measured by the scripts under `bench/`; each script rewrites its own section.\n' > "$doc"
fi
if grep -q '<!-- engine-retention:begin -->' "$doc"; then
    SECTION="$section" perl -0pi -e 's/<!-- engine-retention:begin -->.*?<!-- engine-retention:end -->/$ENV{SECTION}/s' "$doc"
else
    printf '\n%s\n' "$section" >> "$doc"
fi
say "updated $doc"
