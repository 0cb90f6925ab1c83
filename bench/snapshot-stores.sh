#!/usr/bin/env bash
# The benchmark of issue 16: backups the way the worker runs them, on both snapshot stores, against
# bare rsync doing the same work, and deleting a snapshot through retention against rm -rf.
#
#   - full backup, and a 1 % changed incremental with 1 and with 10 earlier snapshots, of 100,000
#     small files plus 160 MB of large files pulled over a private loopback sshd;
#   - hardlink store on tmpfs: pobsync through a running worker (`pobsync worker --loop`: the run's
#     start to end as the worker records it, the JVM already running) and through the CLI
#     (`pobsync backup`, JVM start included), against the same rsync argv run bare, with the same
#     --link-dest base (pobsync's own aged snapshot);
#   - btrfs store on a loop-mounted btrfs (mounted with user_subvol_rm_allowed): the worker path,
#     against bare rsync --link-dest into plain directories on the same file system, aged the same;
#   - deleting the oldest snapshot with `pobsync retention --apply --yes` against rm -rf of a
#     hard-linked copy on the same file system.
# Every variant runs once per round, the order rotated and reversed from round to round; figures
# are medians over the rounds, with wall time and CPU seconds (user + system of the command and
# the children it waited for; for the worker path the worker JVM with its rsync and ssh; the
# sshd side is the same for every variant and not counted).
#
# Usage (as root: it mounts a loop file): mvn -q -o package -DskipTests && bench/snapshot-stores.sh
# Environment: ROUNDS=3 FILES=100000 LARGE_MB=160 SMALL_MAX=8192 AGED=10 SEED=42 BENCH_DIR=/dev/shm
#              IMAGE_GB=6 DOC=docs/benchmarks.md (DOC=- only prints) KEEP=1 (keep the work dir)
#              POBSYNC_REPO=DIR (the checkout whose app/target/pobsync.jar is measured, when this script
#              runs from a copy: bash reads a script while it runs, so edit only the original)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="${POBSYNC_REPO:-$(cd "$here/.." && pwd)}"
py="$here/snapshot-stores.py"
ROUNDS="${ROUNDS:-3}"
FILES="${FILES:-100000}"
LARGE_MB="${LARGE_MB:-160}"
SMALL_MAX="${SMALL_MAX:-8192}"
AGED="${AGED:-10}"
SEED="${SEED:-42}"
BENCH_DIR="${BENCH_DIR:-/dev/shm}"
IMAGE_GB="${IMAGE_GB:-6}"
DOC="${DOC:-$repo/docs/benchmarks.md}"

[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (it loop-mounts a btrfs image)" >&2; exit 2; }
[ "$(stat -f -c %T "$BENCH_DIR")" = tmpfs ] || { echo "bench: $BENCH_DIR is not tmpfs" >&2; exit 2; }
for tool in rsync ssh ssh-keygen /usr/sbin/sshd python3 /usr/bin/time mkfs.btrfs btrfs; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
[ -f "$repo/app/target/pobsync.jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 2; }

work="$(mktemp -d "$BENCH_DIR/pobsync-stores.XXXXXX")"
mnt="$work/btrfs"
sshd_pid=""
declare -A worker_pid=()
cleanup() {
  for p in "${worker_pid[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -z "$sshd_pid" ] || { kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; }
  mountpoint -q "$mnt" && umount "$mnt"
  if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- source tree, sshd, btrfs ----------------------------------------------------------------
src="$work/src"
log "generating $FILES small files (up to $SMALL_MAX bytes) and $LARGE_MB MB of large files in $src"
python3 "$here/make-tree.py" create "$src" --seed "$SEED" --files "$((FILES + 40))" --small-max "$SMALL_MAX" \
  --large-megabytes "$LARGE_MB"
# Each change gets its own modification day: a file changed twice to the same size and the same
# mtime would pass rsync's quick check (size and mtime) and look unchanged to every variant.
change() { python3 "$here/make-tree.py" change "$src" --seed "$1" --day "$1" --percent 1 >/dev/null; }

[ -d /run/sshd ] || mkdir -m 0755 /run/sshd
sshd_dir="$work/sshd"
mkdir -m 0700 "$sshd_dir"
ssh-keygen -q -t ed25519 -N '' -f "$sshd_dir/host_ed25519"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf '%s\n' "Port $port" "ListenAddress 127.0.0.1" "HostKey $sshd_dir/host_ed25519" "PidFile $sshd_dir/sshd.pid" \
  "AuthorizedKeysFile $sshd_dir/authorized_keys" "PasswordAuthentication no" "KbdInteractiveAuthentication no" \
  "PermitRootLogin prohibit-password" "UsePAM no" "StrictModes no" >"$sshd_dir/sshd_config"
touch "$sshd_dir/authorized_keys"
/usr/sbin/sshd -D -e -f "$sshd_dir/sshd_config" 2>"$sshd_dir/sshd.log" &
sshd_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

truncate -s "${IMAGE_GB}G" "$work/btrfs.img"
mkfs.btrfs -q "$work/btrfs.img" >/dev/null
mkdir -p "$mnt"
mount -o loop,user_subvol_rm_allowed "$work/btrfs.img" "$mnt"
plain="$mnt/plain"   # bare rsync --link-dest chain on the same btrfs
mkdir -p "$plain" "$work/bare"

# A private copy of the jar: a rebuild while the benchmark runs must not change what it measures.
mkdir -p "$work/jar"
cp "$repo/app/target/pobsync.jar" "$work/jar/pobsync.jar"
export POBSYNC_JAR="$work/jar/pobsync.jar"
# Its launch cache, as the build and the installer prepare one next to every jar: without it the
# CLI variants would time a start from the plain jar, which no install runs (about 1.4 s slower
# per command; the figures recorded before this line was added measured exactly that).
log "preparing the launch cache of the private jar"
"$repo/bin/pobsync" --prepare-launch-cache

# --- two pobsync installs: hl (tmpfs, hardlink store) and bt (btrfs, auto) --------------------
declare -A root=([hl]="$work/hl-root" [bt]="$mnt/root")
pb() { local n="$1"; shift; POBSYNC_DATA_DIR="$work/data-$n" POBSYNC_BACKUP_ROOT="${root[$n]}" "$repo/bin/pobsync" "$@"; }
for n in hl bt; do
  store=auto; [ "$n" = hl ] && store=hardlink
  pb "$n" manage configure-global --backup-root "${root[$n]}" --snapshot-store "$store" >/dev/null
  pb "$n" manage ssh-key --generate >/dev/null
  cat "$work/data-$n/ssh/id_ed25519.pub" >>"$sshd_dir/authorized_keys"
  pb "$n" manage configure-host bench --address 127.0.0.1 --port "$port" --user root --path "$src" >/dev/null
  pb "$n" manage host-key bench --scan --yes >/dev/null
  # exec: the pid is the worker JVM's (bin/pobsync execs java), which is stopped and measured.
  # The default interval (15 s), as in production: its passes are part of the worker's CPU.
  (POBSYNC_DATA_DIR="$work/data-$n" POBSYNC_BACKUP_ROOT="${root[$n]}" exec "$repo/bin/pobsync" worker --loop \
    >"$work/worker-$n.log" 2>&1) &
  worker_pid[$n]=$!
done
{ pb bt manage check || true; } | grep "snapshot store" >&2

# --- helpers ---------------------------------------------------------------------------------
host_dir() { echo "${root[$1]}/bench"; }
newest() { find "$(host_dir "$1")" -mindepth 1 -maxdepth 1 -type d ! -name '*.incomplete' -printf '%f\n' | sort | tail -n 1; }
# Removes the snapshots of install $1 newer than $2 ("" = all), as a prune would (not timed).
clear_after() {
  local dir name
  for dir in $(find "$(host_dir "$1")" -mindepth 1 -maxdepth 1 -type d -printf '%p\n' | sort); do
    name="$(basename "$dir")"
    [ -n "$2" ] && [[ ! "$name" > "$2" ]] && continue
    if [ "$(stat -c %i "$dir")" = 256 ]; then
      btrfs property set -ts "$dir" ro false && btrfs subvolume delete "$dir" >/dev/null
    else
      rm -rf "$dir"
    fi
  done
  [ "$1" = bt ] && btrfs subvolume sync "$mnt" >/dev/null
  return 0
}
# The rsync argv of one of hl's snapshots, minus its destination, into the array named $2.
argv_of() { mapfile -d '' -t "$2" < <(python3 "$py" argv "$(host_dir hl)/$1/snapshot.json"); }
# A copy of array $1 into array $2 with --link-dest set to $3 (none when empty), before "--".
link_dest() {
  local -n from="$1" to="$2"
  local a
  to=()
  for a in "${from[@]}"; do
    [[ "$a" == --link-dest=* ]] && continue
    [ "$a" = -- ] && [ -n "$3" ] && to+=("--link-dest=$3/data")
    to+=("$a")
  done
}
same_tree() {
  local diff
  diff="$(rsync -anciH --delete "$1/" "$2/")"
  [ -z "$diff" ] || { log "trees differ: $1 vs $2"; echo "$diff" | head >&2; exit 1; }
}
# timed LABEL COMMAND...: one repetition of a command, "<wall ms> <cpu s>" into WORK/LABEL.times.
timed() {
  local label="$1" t0 t1
  shift
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/time.tmp" "$@" >/dev/null 2>"$work/last.err" \
    || { log "$label failed:"; cat "$work/last.err" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(awk '{ printf "%.2f", $1 + $2 }' "$work/time.tmp")" >>"$work/$label.times"
}
# worker_run LABEL INSTALL: a run queued for the running worker, timed as the worker records it.
# The worker is stopped while the CLI queues the run, so that JVM does not share the CPU with it.
worker_run() {
  local label="$1" n="$2" pid="${worker_pid[$2]}" id cpu0 result
  kill -STOP "$pid"
  id="$(pb "$n" manage run-backup bench --queue | sed -n 's/^pobsync: queued run \([0-9]*\).*/\1/p')"
  cpu0="$(python3 "$py" cpu "$pid")"
  kill -CONT "$pid"
  # shellcheck disable=SC2086 # two numbers
  result="$(python3 "$py" wait-run "$work/data-$n/pobsync.sqlite3" "$id" "$pid" $cpu0)"
  [ "${result##* }" = succeeded ] || { log "$label: run $id ended ${result##* }"; tail -n 20 "$work/worker-$n.log" >&2; exit 1; }
  echo "${result% *}" >>"$work/$label.times"
}
# interleave LABEL...: ROUNDS rounds of prep_<label> (not timed) and run_<label> for each label,
# the order rotated and reversed from round to round.
interleave() {
  local i j k label summary
  local -a labels=("$@") order
  for ((i = 0; i < ROUNDS; i++)); do
    order=()
    for ((j = 0; j < ${#labels[@]}; j++)); do
      k=$(((i / 2 + j) % ${#labels[@]}))
      if ((i % 2)); then order=("${labels[k]}" "${order[@]}"); else order+=("${labels[k]}"); fi
    done
    summary=""
    for label in "${order[@]}"; do
      "prep_${label%-*}" "${label##*-}"
      "run_${label%-*}" "${label##*-}"
      summary+=" ${label//_/-} $(tail -n 1 "$work/${label//_/-}.times" | cut -d' ' -f1) ms,"
    done
    log "  round $((i + 1))/$ROUNDS:${summary%,}"
  done
}

# Each variant: prep_X KEY and run_X KEY; KEY is full, incr1 or incr10.
declare -A base=()
bare_argv=()
bare_btrfs_argv=()
prep_rsync() { rm -rf "$work/bare/$1"; mkdir -p "$work/bare/$1"; }
run_rsync() { timed "rsync-$1" "${bare_argv[@]}" "$work/bare/$1/"; }
prep_rsync_btrfs() { rm -rf "$plain/measured"; mkdir -p "$plain/measured/data"; }
run_rsync_btrfs() { timed "rsync-btrfs-$1" "${bare_btrfs_argv[@]}" "$plain/measured/data/"; }
prep_hl_worker() { clear_after hl "${base[hl]:-}"; }
run_hl_worker() { worker_run "hl-worker-$1" hl; }
prep_hl_cli() { clear_after hl "${base[hl]:-}"; }
run_hl_cli() { timed "hl-cli-$1" "$repo/bin/pobsync" backup bench -q; }
prep_bt_worker() { clear_after bt "${base[bt]:-}"; }
run_bt_worker() { worker_run "bt-worker-$1" bt; }
# bin/pobsync reads these for the CLI variant.
export POBSYNC_DATA_DIR="$work/data-hl" POBSYNC_BACKUP_ROOT="${root[hl]}"

measure() {
  local key="$1" warm
  log "$key: warm-up (one hardlink backup for the argv)"
  pb hl backup bench -q >/dev/null
  warm="$(newest hl)"
  argv_of "$warm" bare_argv
  link_dest bare_argv bare_btrfs_argv "${base[plain]:-}"
  same_tree "$src" "$(host_dir hl)/$warm/data$src"
  clear_after hl "${base[hl]:-}"
  log "$key: $ROUNDS rounds"
  interleave "rsync-$key" "hl_worker-$key" "hl_cli-$key" "bt_worker-$key" "rsync_btrfs-$key"
  same_tree "$src" "$work/bare/$key$src"
  same_tree "$src" "$plain/measured/data$src"
  clear_after hl "${base[hl]:-}"
  clear_after bt "${base[bt]:-}"
}

# One more snapshot in each history: pobsync hl, pobsync bt, and the bare chain on btrfs.
age() {
  local i="$1" n next
  for n in hl bt; do pb "$n" backup bench -q >/dev/null; base[$n]="$(newest "$n")"; done
  next="$plain/$(printf 'p%02d' "$i")"
  local -a chain=()
  link_dest bare_argv chain "${base[plain]:-}"
  mkdir -p "$next/data"
  "${chain[@]}" "$next/data/" >/dev/null
  base[plain]="$next"
}

# --- full backups ----------------------------------------------------------------------------
# A worker runs for weeks: its JIT has long compiled the code a backup runs. One full backup
# through each worker first, so the measured ones do not pay for warming it up.
log "warm-up: one backup through each worker"
base=()
worker_run warmup hl
worker_run warmup bt
rm -f "$work/warmup.times"
clear_after hl ""
clear_after bt ""
log "full backups"
pb hl backup bench -q >/dev/null
argv_of "$(newest hl)" bare_argv
bare_btrfs_argv=("${bare_argv[@]}")
clear_after hl ""
interleave rsync-full hl_worker-full hl_cli-full bt_worker-full rsync_btrfs-full
same_tree "$src" "$work/bare/full$src"
clear_after hl ""
clear_after bt ""

# --- incrementals with 1 and with AGED earlier snapshots ------------------------------------
age 1
change 1001
measure incr1
for ((i = 2; i <= AGED; i++)); do
  age "$i"
  change "$((1000 + i))"
done
measure "incr$AGED"

# --- deleting one snapshot -------------------------------------------------------------------
log "deleting the oldest snapshot, $ROUNDS rounds"
pb hl discover-snapshots >/dev/null
pb bt discover-snapshots >/dev/null
oldest_plain() { find "$plain" -mindepth 1 -maxdepth 1 -name 'p*' | sort | head -n 1; }
keep_all_but_one() {
  local count
  count="$(find "$(host_dir "$1")" -mindepth 1 -maxdepth 1 -type d ! -name '*.incomplete' | wc -l)"
  pb "$1" manage configure-host bench --keep-last "$((count - 1))" >/dev/null
}
install_of() { if [ "$1" = btrfs ]; then echo bt; else echo hl; fi; }
prep_prune() { keep_all_but_one "$(install_of "$1")"; }
run_prune() {
  local n
  n="$(install_of "$1")"
  timed "prune-$1" env POBSYNC_DATA_DIR="$work/data-$n" \
    POBSYNC_BACKUP_ROOT="${root[$n]}" "$repo/bin/pobsync" retention bench --apply --yes
  # btrfs frees the space in the background; let it finish before the next variant runs.
  [ "$n" = bt ] && timed btrfs-cleaner btrfs subvolume sync "$mnt"
  return 0
}
rm_target=""
prep_rm() {
  if [ "$1" = btrfs ]; then rm_target="$(oldest_plain)"; else
    rm_target="$work/hl-copy"; rm -rf "$rm_target"; cp -al "$(host_dir hl)/$(newest hl)" "$rm_target"; fi
}
run_rm() { timed "rm-$1" rm -rf "$rm_target"; }
interleave prune-btrfs rm-btrfs prune-hl rm-hl

# --- report ----------------------------------------------------------------------------------
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
small_mb="$(du -sm --exclude=big "$src" | cut -f1)"
{
  echo "Measured by \`bench/snapshot-stores.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), $("$java_bin" -version 2>&1 | head -n 1),"
  echo "$(rsync --version | head -n 1 | xargs | cut -d' ' -f1-3), $(btrfs --version | head -n 1). Source: $FILES small files ($small_mb MB)"
  echo "and $LARGE_MB MB of large files (seed $SEED), pulled over a loopback sshd; 1 % of the files changed before"
  echo "each incremental. Hardlink store on tmpfs (\`$BENCH_DIR\`), btrfs store on a ${IMAGE_GB} GB btrfs loop file on"
  echo "the same tmpfs, mounted with user_subvol_rm_allowed. Medians of $ROUNDS interleaved rounds; in brackets the"
  echo "CPU seconds. Load average $load_before before and $load_after after (the machine is shared with other builds)."
} >"$work/header.md"
AGED="$AGED" python3 "$py" report "$work" "$DOC" "$work/header.md"
