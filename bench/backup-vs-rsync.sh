#!/usr/bin/env bash
# The benchmark of issue 2: wall time of `pobsync backup` against a bare rsync doing the same
# work, for a full and an incremental (1% changed, --link-dest) backup, pulled over a private
# loopback sshd, and the JVM's peak RSS. Results: docs/benchmarks.md.
#
# Usage: bench/backup-vs-rsync.sh            (after mvn -q -o package -DskipTests)
# Prints the figures and rewrites its section of docs/benchmarks.md (DOC=- to only print).
# Environment (all optional):
#   REPS_FULL=5 REPS_INCR=7   repetitions per variant, interleaved (ABBA order)
#   SEED=42 FILES=20000 MEGABYTES=500   the generated source tree
#   BENCH_DIR=/dev/shm        where everything lives; must be tmpfs (see docs/benchmarks.md)
#   POBSYNC_JAVA_OPTS, JAVA_HOME, POBSYNC_LAUNCH_CACHE   passed through to bin/pobsync
#   BEFORE_JAR=FILE           also time this pobsync.jar (run with POBSYNC_LAUNCH_CACHE=off, the
#                             way bin/pobsync ran before the launch cache), interleaved with the rest
#   KEEP=1                    keep the work directory for inspection
#
# Both variants run the identical rsync argv: the bare one is taken from the snapshot.json of a
# pobsync run, with only the destination replaced (and for the incremental one the very same
# --link-dest base). Bare rsync's output goes to /dev/null, the strictest baseline; pobsync
# parses it, writes the run log and records the run in its database (SQLite, on the same tmpfs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
REPS_FULL="${REPS_FULL:-5}"
REPS_INCR="${REPS_INCR:-7}"
SEED="${SEED:-42}"
FILES="${FILES:-20000}"
MEGABYTES="${MEGABYTES:-500}"
BENCH_DIR="${BENCH_DIR:-/dev/shm}"

fs_type="$(stat -f -c %T "$BENCH_DIR")"
if [ "$fs_type" != "tmpfs" ]; then
  echo "bench: $BENCH_DIR is $fs_type, not tmpfs; set BENCH_DIR to a tmpfs mount" >&2
  exit 2
fi
for tool in rsync ssh ssh-keygen /usr/sbin/sshd python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
[ -f "$repo/app/target/pobsync.jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 2; }

work="$(mktemp -d "$BENCH_DIR/pobsync-bench.XXXXXX")"
sshd_pid=""
cleanup() {
  if [ -n "$sshd_pid" ]; then
    kill "$sshd_pid" 2>/dev/null || true
    wait "$sshd_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

# --- source tree -------------------------------------------------------------------------
src="$work/src"
log "generating $FILES files / $MEGABYTES MB (seed $SEED) in $src"
python3 "$here/make-tree.py" create "$src" --seed "$SEED" --files "$FILES" --megabytes "$MEGABYTES"

# --- private sshd (ENVIRONMENT.md) -------------------------------------------------------
[ -d /run/sshd ] || mkdir -m 0755 /run/sshd
sshd_dir="$work/sshd"
mkdir -m 0700 "$sshd_dir"
ssh-keygen -q -t ed25519 -N '' -f "$sshd_dir/host_ed25519"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$sshd_dir/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $sshd_dir/host_ed25519
PidFile $sshd_dir/sshd.pid
AuthorizedKeysFile $sshd_dir/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
EOF
touch "$sshd_dir/authorized_keys"
/usr/sbin/sshd -D -e -f "$sshd_dir/sshd_config" 2>"$sshd_dir/sshd.log" &
sshd_pid=$!
for _ in $(seq 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
log "sshd on 127.0.0.1:$port (pid $sshd_pid)"

# --- pobsync in a fresh data dir ---------------------------------------------------------
export POBSYNC_DATA_DIR="$work/data" POBSYNC_BACKUP_ROOT="$work/root"
mkdir -p "$POBSYNC_BACKUP_ROOT"
pobsync() { "$repo/bin/pobsync" "$@"; }
pobsync manage configure-global --backup-root "$POBSYNC_BACKUP_ROOT" >/dev/null
pobsync manage ssh-key --generate >/dev/null
cat "$POBSYNC_DATA_DIR/ssh/id_ed25519.pub" >>"$sshd_dir/authorized_keys"
pobsync manage configure-host bench --address 127.0.0.1 --port "$port" --user root --path "$src" >/dev/null
pobsync manage host-key bench --scan --yes >/dev/null
host_dir="$POBSYNC_BACKUP_ROOT/bench"

# --- helpers -----------------------------------------------------------------------------
# Every snapshot directory of the host except the one named in $1 (may be empty).
clear_snapshots() {
  find "$host_dir" -mindepth 1 -maxdepth 1 ! -name .lock ${1:+! -name "$1"} -exec rm -rf {} +
}
newest_snapshot() {
  find "$host_dir" -mindepth 1 -maxdepth 1 -type d ! -name '*.incomplete' -printf '%f\n' | sort | tail -n 1
}
# The rsync argv of a snapshot, minus its destination, into the array named by $2.
argv_of() {
  mapfile -d '' -t "$2" < <(python3 - "$host_dir/$1/snapshot.json" <<'EOF'
import json, sys
argv = json.load(open(sys.argv[1]))["rsync_command"]
sys.stdout.write("\0".join(argv[:-1]) + "\0")
EOF
)
}
# timed LABEL COMMAND...: appends "<wall ms> <peak RSS KiB> <user s> <system s>" to
# $work/LABEL.times. CPU counts the command and the children it waited for (rsync, ssh), not
# the sshd side, which is the same for both variants.
timed() {
  local label="$1" t0 t1
  shift
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%M %U %S' -o "$work/rss.tmp" "$@" >/dev/null 2>"$work/last.err"; then
    log "$label failed:"; cat "$work/last.err" >&2; exit 1
  fi
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(tail -n 1 "$work/rss.tmp")" >>"$work/$label.times"
}
# Checks that two trees hold the same files (content compared) and prints nothing when they do.
same_tree() {
  local diff
  diff="$(rsync -anciH --delete "$1/" "$2/")"
  if [ -n "$diff" ]; then log "trees differ: $1 vs $2"; echo "$diff" | head >&2; exit 1; fi
}
# interleave N LABEL...: per repetition, prep_LABEL (not timed) then run_LABEL for every label,
# the order rotated and reversed from one repetition to the next so no variant always goes first.
interleave() {
  local n="$1" i j k label summary
  shift
  local -a labels=("$@") order
  for ((i = 0; i < n; i++)); do
    order=()
    for ((j = 0; j < ${#labels[@]}; j++)); do
      k=$(((i / 2 + j) % ${#labels[@]}))
      if ((i % 2)); then order=("${labels[k]}" "${order[@]}"); else order+=("${labels[k]}"); fi
    done
    summary=""
    for label in "${order[@]}"; do
      "prep_$label"
      "run_$label"
      summary+=" $label $(tail -n 1 "$work/$label.times" | cut -d' ' -f1) ms,"
    done
    log "  repetition $((i + 1))/$n:${summary%,}"
  done
}

bare="$work/bare"
full_argv=()
incr_argv=()

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- full backup -------------------------------------------------------------------------
log "warm-up: one full backup with pobsync, one with bare rsync"
pobsync backup bench -q >/dev/null
first="$(newest_snapshot)"
argv_of "$first" full_argv
mkdir -p "$bare/full"
"${full_argv[@]}" "$bare/full/" >/dev/null
same_tree "$host_dir/$first/data$src" "$bare/full$src"
same_tree "$src" "$host_dir/$first/data$src"

prep_pobsync-full() { clear_snapshots ""; }
run_pobsync-full() { timed pobsync-full "$repo/bin/pobsync" backup bench -q; }
prep_rsync-full() { rm -rf "$bare/full"; mkdir -p "$bare/full"; }
run_rsync-full() { timed rsync-full "${full_argv[@]}" "$bare/full/"; }
full_labels=(pobsync-full rsync-full)
if [ -n "${BEFORE_JAR:-}" ]; then
  prep_before-full() { clear_snapshots ""; }
  run_before-full() { timed before-full env POBSYNC_JAR="$BEFORE_JAR" POBSYNC_LAUNCH_CACHE=off "$repo/bin/pobsync" backup bench -q; }
  full_labels+=(before-full)
fi
log "full backup: $REPS_FULL repetitions each"
interleave "$REPS_FULL" "${full_labels[@]}"

# --- incremental backup ------------------------------------------------------------------
clear_snapshots ""
rm -rf "$bare/full"
pobsync backup bench -q >/dev/null
base="$(newest_snapshot)"
python3 "$here/make-tree.py" change "$src" --seed "$SEED" --percent 1 >&2
log "warm-up: one incremental backup with pobsync (base $base), one with bare rsync"
pobsync backup bench -q >/dev/null
second="$(newest_snapshot)"
argv_of "$second" incr_argv
printf '%s\n' "${incr_argv[@]}" | grep -qx -- "--link-dest=$host_dir/$base/data" \
  || { log "the incremental run did not link against $base"; exit 1; }
mkdir -p "$bare/incr"
"${incr_argv[@]}" "$bare/incr/" >/dev/null
same_tree "$host_dir/$second/data$src" "$bare/incr$src"
same_tree "$src" "$host_dir/$second/data$src"
linked="$(find "$host_dir/$second/data" -type f -links +1 | wc -l)"
log "incremental snapshot: $linked of $FILES files hard-linked to the base"

prep_pobsync-incr() { clear_snapshots "$base"; }
run_pobsync-incr() { timed pobsync-incr "$repo/bin/pobsync" backup bench -q; }
prep_rsync-incr() { rm -rf "$bare/incr"; mkdir -p "$bare/incr"; }
run_rsync-incr() { timed rsync-incr "${incr_argv[@]}" "$bare/incr/"; }
incr_labels=(pobsync-incr rsync-incr)
if [ -n "${BEFORE_JAR:-}" ]; then
  prep_before-incr() { clear_snapshots "$base"; }
  run_before-incr() { timed before-incr env POBSYNC_JAR="$BEFORE_JAR" POBSYNC_LAUNCH_CACHE=off "$repo/bin/pobsync" backup bench -q; }
  incr_labels+=(before-incr)
fi
log "incremental backup: $REPS_INCR repetitions each"
interleave "$REPS_INCR" "${incr_labels[@]}"

# --- report ------------------------------------------------------------------------------
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
{
  echo "Measured by \`bench/backup-vs-rsync.sh\` on $(date -u +%Y-%m-%d): $fs_type (\`$BENCH_DIR\`), $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), $("$java_bin" -version 2>&1 | head -n 1),"
  echo "$(rsync --version | head -n 1 | xargs | cut -d' ' -f1-3), JVM options: ${POBSYNC_JAVA_OPTS:-bin/pobsync defaults}; source tree $FILES files /"
  echo "$MEGABYTES MB (seed $SEED) pulled over a loopback sshd; load average $load_before before the run and"
  echo "$load_after after (the machine is shared with other builds)."
  echo
  python3 "$here/summarize.py" "$work"
} >"$work/figures.md"
echo
cat "$work/figures.md"

doc="${DOC:-$repo/docs/benchmarks.md}"
if [ "$doc" != - ]; then
  python3 "$here/write-section.py" "$doc" "$work/figures.md" "$here/backup-vs-rsync.notes.md"
  log "wrote the figures into $doc"
fi
