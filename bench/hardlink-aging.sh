#!/usr/bin/env bash
# Issue 16: why a --link-dest incremental against pobsync's own (aged) snapshot costs about twice
# as much as one against a base a plain rsync had just written, and what the hardlink store can do.
#
# Builds, on tmpfs: a source tree (100,000 small files plus ~160 MB of large ones, bench/make-tree.py),
# a chain of daily snapshots in pobsync's layout <root>/<host>/<name>/data/<source path> made with
# pobsync's rsync options and --link-dest, 1 % of the files changed each day and the oldest pruned
# (an "aged" hard-link tree), a "fresh" base made by one plain rsync of the same content, and a
# `cp -a` copy of the aged base, all three at the same path depth. Then times the 1 %-changed
# incremental against each base, over a private loopback sshd as pobsync pulls and locally (to
# separate ssh), interleaved, and tests the hypotheses: path depth of the base (the same aged base
# moved with mv; and a base written and linked without --relative at a short path, as a bare rsync
# is usually run), per-file lookups without rsync (lstat, cp -al), readdir order, syscall counts
# (strace -c) and a profile (perf, cpu-clock), and the remedies (see docs/benchmarks.md). Last, on a
# few files, whether a symlink in the base snapshot leads --link-dest out of the host's snapshots.
#
# Usage: bench/hardlink-aging.sh     (as root: the receiver keeps owners as pobsync's does)
# Prints the figures and rewrites its section of docs/benchmarks.md (DOC=- to only print).
# Environment (all optional):
#   ROUNDS=3                 interleaved rounds of every variant (medians are reported)
#   FILES=100040 MEGABYTES=850 SEED=42   the tree: FILES includes make-tree.py's 40 large files;
#                            the small files come to about 690 MB, the large ones get the rest
#   CHAIN=10 RETAIN=7        daily snapshots after the first full one; how many are kept
#   STRACE=1 PERF=1          0 skips the strace -c runs / the perf profile
#   BENCH_DIR=/dev/shm       must be tmpfs
#   KEEP=1                   keep the work directory; OUT=DIR copies the raw times there
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
FILES="${FILES:-100040}"
MEGABYTES="${MEGABYTES:-850}"
SEED="${SEED:-42}"
CHAIN="${CHAIN:-10}"
RETAIN="${RETAIN:-7}"
STRACE="${STRACE:-1}"
PERF="${PERF:-1}"
BENCH_DIR="${BENCH_DIR:-/dev/shm}"

fs_type="$(stat -f -c %T "$BENCH_DIR")"
if [ "$fs_type" != "tmpfs" ]; then
  echo "bench: $BENCH_DIR is $fs_type, not tmpfs; set BENCH_DIR to a tmpfs mount" >&2
  exit 2
fi
for tool in rsync ssh ssh-keygen ssh-keyscan /usr/sbin/sshd python3 /usr/bin/time cp; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "bench: run as root (the receiver keeps owners, as pobsync's worker does)" >&2; exit 2; }
if [ "$STRACE" = 1 ] && ! command -v strace >/dev/null; then STRACE=0; echo "bench: no strace, skipping it" >&2; fi
if [ "$PERF" = 1 ] && ! perf record -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
  PERF=0; echo "bench: perf record -e cpu-clock does not work here, skipping the profile" >&2
fi

work="$(mktemp -d "$BENCH_DIR/pobsync-aging.XXXXXX")"
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
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

src="$work/src"
host="$work/root/bench"
mkdir -p "$work/root" "$work/bin" "$work/times"
mkdir -m 0700 "$host"

# --- private sshd (docs: ENVIRONMENT.md) and pobsync's ssh options ------------------------
[ -d /run/sshd ] || mkdir -m 0755 /run/sshd
sshd_dir="$work/sshd"
mkdir -m 0700 "$sshd_dir"
ssh-keygen -q -t ed25519 -N '' -f "$sshd_dir/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$sshd_dir/id_ed25519"
cp "$sshd_dir/id_ed25519.pub" "$sshd_dir/authorized_keys"
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
/usr/sbin/sshd -D -e -f "$sshd_dir/sshd_config" 2>"$sshd_dir/sshd.log" &
sshd_pid=$!
for _ in $(seq 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
ssh-keyscan -t ed25519 -p "$port" 127.0.0.1 >"$sshd_dir/known_hosts" 2>/dev/null
# The ssh client and the remote sender each write their own CPU seconds (user, system).
cat >"$work/bin/ssh-timed" <<EOF
#!/bin/sh
exec /usr/bin/time -f '%U %S' -o "$work/ssh.cpu" ssh "\$@"
EOF
cat >"$work/bin/rsync-timed" <<EOF
#!/bin/sh
exec /usr/bin/time -f '%U %S' -o "$work/sender.cpu" rsync "\$@"
EOF
chmod +x "$work/bin/ssh-timed" "$work/bin/rsync-timed"
ssh_cmd="$work/bin/ssh-timed -p $port -i $sshd_dir/id_ed25519 -o BatchMode=yes -o StrictHostKeyChecking=yes"
ssh_cmd+=" -o UserKnownHostsFile=$sshd_dir/known_hosts -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o ConnectTimeout=10"
log "sshd on 127.0.0.1:$port (pid $sshd_pid)"

# pobsync's rsync options (docs/design.md, "The rsync command"), minus --dry-run and --bwlimit.
OPTS=(-a -H --numeric-ids --delete --delete-excluded --relative --protect-args --timeout=3600
  --info=progress2 --itemize-changes --stats)

snapname() { date -u -d "2026-11-01 +$1 days" +%Y%m%dT021500Z; }
# Runs rsync of the source into DEST/data/ locally (transport "local") or pulled over ssh.
# Appends "<wall> <client user> <client sys> <ssh user> <ssh sys> <sender user> <sender sys>"
# to $work/times/LABEL.times.
rsync_timed() {
  local label="$1" transport="$2" dest="$3" t0 t1
  shift 3
  local -a cmd
  rm -f "$work/ssh.cpu" "$work/sender.cpu"
  if [ "$transport" = ssh ]; then
    cmd=(rsync "${OPTS[@]}" -e "$ssh_cmd" --rsync-path="$work/bin/rsync-timed" "$@" "root@127.0.0.1:$src" "$dest/data/")
  else
    cmd=(rsync "${OPTS[@]}" "$@" "$src" "$dest/data/")
  fi
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%U %S' -o "$work/client.cpu" "${cmd[@]}" >/dev/null 2>"$work/last.err"; then
    log "$label failed: ${cmd[*]}"; cat "$work/last.err" >&2; exit 1
  fi
  t1=$(date +%s%N)
  echo "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }') $(tail -n 1 "$work/client.cpu")" \
    "$(cat "$work/ssh.cpu" 2>/dev/null || echo 0 0) $(cat "$work/sender.cpu" 2>/dev/null || echo 0 0)" \
    >>"$work/times/$label.times"
}
# Prunes the oldest complete snapshots of the host beyond RETAIN, as pobsync's retention would.
prune() {
  local -a names
  mapfile -t names < <(find "$host" -mindepth 1 -maxdepth 1 -type d -name '2*Z' -printf '%f\n' | sort)
  local excess=$(( ${#names[@]} - RETAIN )) i
  for ((i = 0; i < excess; i++)); do rm -rf "${host:?}/${names[i]}"; done
}
same_tree() {
  local diff
  diff="$(rsync -ani --delete "$1/" "$2/" | grep -v '^\.d' || true)"
  if [ -n "$diff" ]; then log "trees differ: $1 vs $2"; echo "$diff" | head >&2; exit 1; fi
}

# --- the source and the aged chain -------------------------------------------------------
log "generating $FILES files / $MEGABYTES MB (seed $SEED) in $src"
python3 "$here/make-tree.py" create "$src" --seed "$SEED" --files "$FILES" --megabytes "$MEGABYTES"
src_mb="$(du -sm --apparent-size "$src" | cut -f1)"
big_mb="$(du -sm --apparent-size "$src/big" | cut -f1)"
first="$(snapname 0)"
log "day 0: full snapshot $first"
mkdir -p "$host/$first.incomplete"
rsync_timed chain-full local "$host/$first.incomplete"
mv "$host/$first.incomplete" "$host/$first"
prev="$first"
for ((day = 1; day <= CHAIN; day++)); do
  python3 "$here/make-tree.py" change "$src" --seed $((SEED * 1000 + day)) --day "$day" >/dev/null
  name="$(snapname "$day")"
  mkdir -p "$host/$name.incomplete"
  rsync_timed chain-incr local "$host/$name.incomplete" --link-dest="$host/$prev/data"
  mv "$host/$name.incomplete" "$host/$name"
  prune
  log "day $day: snapshot $name (base $prev): $(tail -n 1 "$work/times/chain-incr.times" | cut -d' ' -f1) s"
  prev="$name"
done
aged="$host/$prev"
previous="$host/$(snapname $((CHAIN - 1)))"
fresh="$host/F0000000T000000Z"
copy="$host/C0000000T000000Z"
log "fresh base: one plain rsync of the same source; copy: cp -a of the aged base"
mkdir -p "$fresh"
rsync "${OPTS[@]}" "$src" "$fresh/data/" >/dev/null
cp -a "$aged" "$copy"
# A base as a bare rsync is usually run: no --relative, at a short path ($work/bare/base).
BARE_OPTS=()
for o in "${OPTS[@]}"; do [ "$o" = --relative ] || BARE_OPTS+=("$o"); done
mkdir -p "$work/bare"
rsync "${BARE_OPTS[@]}" "$src/" "$work/bare/base/" >/dev/null
same_tree "$aged/data" "$fresh/data"
same_tree "$aged/data" "$copy/data"
same_tree "$aged/data$src" "$work/bare/base"
nlink_stats() {
  find "$1/data" -type f -printf '%n\n' | awk '{ s += $1; if ($1 > 1) m++ } END { printf "%d files, %d with more than one link, %.2f links per file", NR, m, s / NR }'
}
aged_links="$(nlink_stats "$aged")"
fresh_links="$(nlink_stats "$fresh")"
snapshots_kept="$(find "$host" -mindepth 1 -maxdepth 1 -type d -name '2*Z' | wc -l)"

# The incremental of every measurement: one more day of changes.
changed="$(python3 "$here/make-tree.py" change "$src" --seed $((SEED * 1000 + CHAIN + 1)) --day $((CHAIN + 1)))"
log "source for the incremental: $changed"
changed_files="$(echo "$changed" | awk '{ print $2 }')"

# --- the variants ------------------------------------------------------------------------
new="$host/$(snapname $((CHAIN + 1))).incomplete"
aged_name="$(basename "$aged")"
shallow_dir="$work/b"                       # /dev/shm/<work>/b/data: 5 components
deep_parent="$host/x/y/z/w/v"               # .../root/bench/x/y/z/w/v/<name>/data: 12 components
components() { tr -s / '\n' <<<"$1" | grep -c .; }

# The bare-rsync variant: no --relative, base and target at $work/bare (local).
bare_timed() {
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%U %S' -o "$work/client.cpu" rsync "${BARE_OPTS[@]}" --link-dest="$work/bare/base" "$src/" "$work/bare/new/" >/dev/null 2>"$work/last.err"; then
    log "$1 failed"; cat "$work/last.err" >&2; exit 1
  fi
  t1=$(date +%s%N)
  echo "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }') $(tail -n 1 "$work/client.cpu") 0 0 0 0" >>"$work/times/$1.times"
}
run_variant() {
  local label="$1" transport="${1##*-}" kind="${1%-*}" ld
  local -a extra=()
  rm -rf "$new"
  mkdir -p "$new"
  case "$kind" in
    full|bare) ld="" ;;
    fresh) ld="$fresh/data" ;;
    aged|noinc|insecure|twold|confine) ld="$aged/data" ;;
    copy) ld="$copy/data" ;;
    shallow) mv "$aged" "$shallow_dir"; ld="$shallow_dir/data" ;;
    deep) mkdir -p "$deep_parent"; mv "$aged" "$deep_parent/"; ld="$deep_parent/$aged_name/data" ;;
    rel) ld="../../$aged_name/data" ;;
  esac
  case "$kind" in
    noinc) extra+=(--no-inc-recursive) ;;
    insecure) extra+=(--insecure-links) ;;
    twold) extra+=(--link-dest="$previous/data") ;;
    confine) extra+=(--confine-root="$host") ;;
  esac
  [ -n "$ld" ] && extra=(--link-dest="$ld" "${extra[@]}")
  if [ "$kind" = bare ]; then
    rm -rf "$work/bare/new"
    bare_timed "$label"
    if [ ! -e "$work/times/$label.checked" ]; then
      same_tree "$src" "$work/bare/new"
      find "$work/bare/new" -type f -links +1 | wc -l >"$work/times/$label.checked"
    fi
    rm -rf "$work/bare/new"
    return
  fi
  rsync_timed "$label" "$transport" "$new" "${extra[@]}"
  case "$kind" in
    shallow) mv "$shallow_dir" "$aged" ;;
    deep) mv "$deep_parent/$aged_name" "$aged" ;;
  esac
  if [ ! -e "$work/times/$label.checked" ]; then
    same_tree "$src" "$new/data$src"
    find "$new/data" -type f -links +1 | wc -l >"$work/times/$label.checked"
  fi
}
labels=(full-ssh fresh-ssh aged-ssh copy-ssh insecure-ssh
  full-local fresh-local aged-local copy-local insecure-local shallow-local deep-local noinc-local twold-local rel-local
  confine-local bare-local)
log "incremental against each base: ${#labels[@]} variants, $ROUNDS interleaved rounds"
for ((i = 0; i < ROUNDS; i++)); do
  order=()
  for ((j = 0; j < ${#labels[@]}; j++)); do
    k=$(( (i * 5 + j) % ${#labels[@]} ))
    if ((i % 2)); then order=("${labels[k]}" "${order[@]}"); else order+=("${labels[k]}"); fi
  done
  summary=""
  for label in "${order[@]}"; do
    run_variant "$label"
    summary+=" $label $(tail -n 1 "$work/times/$label.times" | cut -d' ' -f1),"
  done
  log "  round $((i + 1))/$ROUNDS (load $(cut -d' ' -f1 /proc/loadavg)):${summary%,}"
done
rm -rf "$new"

# --- lookups without rsync: lstat every file in rsync's order, cp -al, readdir order ---------
find "$src" -printf '%P\n' | LC_ALL=C sort >"$work/paths"
lookup_labels=()
for base in fresh aged copy; do lookup_labels+=("lstat-$base" "cpal-$base"); done
for ((i = 0; i < ROUNDS; i++)); do
  for ((j = 0; j < ${#lookup_labels[@]}; j++)); do
    label="${lookup_labels[(i + j) % ${#lookup_labels[@]}]}"
    case "$label" in
      *-fresh) dir="$fresh" ;; *-aged) dir="$aged" ;; *-copy) dir="$copy" ;;
    esac
    case "$label" in
      lstat-*)
        python3 - "$dir/data$src" "$work/paths" >>"$work/times/$label.times" <<'EOF'
import os, sys, time
root, paths = sys.argv[1], [p.rstrip("\n") for p in open(sys.argv[2])]
w, c = time.perf_counter(), time.process_time()
for p in paths:
    os.lstat(os.path.join(root, p))
print(f"{time.perf_counter() - w:.3f} {time.process_time() - c:.3f} 0")
EOF
        ;;
      cpal-*)
        t0=$(date +%s%N)
        /usr/bin/time -f '%U %S' -o "$work/client.cpu" cp -al "$dir/data" "$work/cpal"
        t1=$(date +%s%N)
        echo "$(( (t1 - t0) / 1000000 )) $(cat "$work/client.cpu")" | awk '{ printf "%.3f %s %s\n", $1 / 1000, $2, $3 }' >>"$work/times/$label.times"
        rm -rf "$work/cpal"
        ;;
    esac
  done
done
readdir_order() {
  python3 - "$1" <<'EOF'
import os, sys
names = os.listdir(sys.argv[1])
s = sorted(names)
print("sorted" if names == s else "reverse sorted" if names == s[::-1] else "neither")
EOF
}
sample_dir="d07/s3/t2"
order_src="$(readdir_order "$src/$sample_dir")"
order_fresh="$(readdir_order "$fresh/data$src/$sample_dir")"
order_aged="$(readdir_order "$aged/data$src/$sample_dir")"
order_copy="$(readdir_order "$copy/data$src/$sample_dir")"

# --- does a symlink in the base snapshot lead --link-dest out of the host's snapshots? ------
# A host had a symlink "dir" -> a directory of the backup server yesterday (stored as is), and
# today has a real directory "dir" whose files match a server file's size, mtime, mode and owner.
sec="$work/sec"
mkdir -p "$sec/src/dir" "$sec/outside"
for i in 1 2 3; do echo "file $i" >"$sec/src/dir/f$i"; done
touch -d @1700000000 "$sec/src/dir"/f*
cp -a "$sec/src/dir/." "$sec/outside/"
mkdir -m 0700 "$sec/h"
mkdir -p "$sec/h/base/data"
rsync "${OPTS[@]}" "$sec/src" "$sec/h/base/data/" >/dev/null
rm -rf "${sec:?}/h/base/data$sec/src/dir"
ln -s "$sec/outside" "$sec/h/base/data$sec/src/dir"
sec_try() { # DESCRIPTION SYMLINK-OWNER RSYNC-OPTION...
  local desc="$1" owner="$2" rc=0 verdict=no
  shift 2
  chown -h "$owner" "$sec/h/base/data$sec/src/dir"
  rm -rf "$sec/h/new"
  mkdir -p "$sec/h/new/data"
  rsync "${OPTS[@]}" "$@" --link-dest="$sec/h/base/data" "$sec/src" "$sec/h/new/data/" >/dev/null 2>"$work/last.err" || rc=$?
  if [ "$(stat -c %i "$sec/h/new/data$sec/src/dir/f1" 2>/dev/null)" = "$(stat -c %i "$sec/outside/f1")" ]; then
    verdict="**yes**: it hard-links the server's file"
  fi
  echo "| $desc | $verdict | $rc |"
}
{
  sec_try "default; the symlink owned by root (as a root receiver with \`--numeric-ids\` stores a host's symlink)" 0
  sec_try "default; the symlink owned by uid 1234" 1234
  sec_try "\`--insecure-links\`; the symlink owned by root" 0 --insecure-links
  sec_try "\`--insecure-links\`; the symlink owned by uid 1234" 1234 --insecure-links
  sec_try "\`--confine-root=<root>/<host>\`; the symlink owned by root" 0 --confine-root="$sec/h"
} >"$work/security.rows"

# --- syscalls (strace -c) and profile (perf) of the local incremental ---------------------
strace_row() {
  local label="$1" ld="$2" f="$work/strace-$1.txt"
  shift 2
  rm -rf "$new"; mkdir -p "$new"
  strace -f -c -o "$f" rsync "${OPTS[@]}" "$@" --link-dest="$ld" "$src" "$new/data/" >/dev/null 2>&1
  local linked
  linked="$(find "$new/data" -type f -links +1 | wc -l)"
  python3 - "$f" "$label" "$linked" <<'EOF'
import sys
calls = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 5 and f[0][0].isdigit() and not line.startswith("100.00"):
        calls[f[-1]] = int(f[3])
linked = int(sys.argv[3])
total = sum(calls.values())
xattr = sum(v for k, v in calls.items() if "xattr" in k or "acl" in k)
def per(n): return f"{n:,} ({n / linked:.1f})"
print(f"| {sys.argv[2]} | {linked:,} | {per(calls.get('openat', 0))} | {per(calls.get('newfstatat', 0))} "
      f"| {per(calls.get('close', 0))} | {per(calls.get('linkat', 0))} | {xattr} | {per(total)} |")
EOF
  rm -rf "$new"
}
if [ "$STRACE" = 1 ]; then
  log "strace -c of the local incremental (fresh, aged, aged with --insecure-links)"
  {
    strace_row "fresh base" "$fresh/data"
    strace_row "aged base" "$aged/data"
    strace_row "aged base, --insecure-links" "$aged/data" --insecure-links
  } >"$work/strace.rows"
fi
profile() {
  local f="$work/perf-$1.data"
  shift
  rm -rf "$new"; mkdir -p "$new"
  perf record -q -e cpu-clock -F 499 -g -o "$f" -- rsync "${OPTS[@]}" "$@" "$src" "$new/data/" >/dev/null 2>&1
  perf report -i "$f" --stdio --children --sort sym 2>/dev/null | python3 -c '
import re, sys
want = {"do_syscall_64": "all syscalls", "do_sys_openat2": "openat", "__do_sys_newfstatat": "newfstatat",
        "__x64_sys_close": "close", "__x64_sys_linkat": "linkat", "pvm_irq_enable": "pvm_irq_enable (self)"}
found, samples = {}, ""
for line in sys.stdin:
    m = re.match(r"# Samples: (\S+)", line)
    if m and not samples: samples = m.group(1)
    m = re.match(r"\s+([\d.]+)%\s+([\d.]+)%\s+\[k\]\s+(\S+)", line)
    if m and m.group(3) in want and m.group(3) not in found:
        found[m.group(3)] = m.group(2) if m.group(3) == "pvm_irq_enable" else m.group(1)
print(f"{samples} samples; " + ", ".join(f"{want[k]} {found[k]} %" for k in want if k in found))'
  rm -rf "$new"
}
if [ "$PERF" = 1 ]; then
  log "perf profile of the local incremental against the aged base, and with --insecure-links"
  perf_aged="$(profile aged --link-dest="$aged/data")"
  perf_insecure="$(profile insecure --insecure-links --link-dest="$aged/data")"
fi
# What one trivial system call costs on this machine (dd copies 1 byte per read + write).
/usr/bin/time -f '%U %S' -o "$work/client.cpu" dd if=/dev/zero of=/dev/null bs=1 count=500000 2>/dev/null
syscall_us="$(awk '{ printf "%.2f", $1 + $2 }' "$work/client.cpu")"   # CPU seconds per million calls

# --- report ------------------------------------------------------------------------------
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
L_aged="$(components "$aged/data")"
L_shallow="$(components "$shallow_dir/data")"
L_deep="$(components "$deep_parent/$aged_name/data")"
L_bare="$(components "$work/bare/base")"
T="$(( $(components "$src") + 3 ))"
depth_fit="$(python3 - "$work/times" "$L_shallow" "$L_aged" "$L_deep" "$T" <<'EOF'
import statistics, sys
d, T = sys.argv[1], int(sys.argv[5])
pts = []
for label, L in (("shallow-local", int(sys.argv[2])), ("aged-local", int(sys.argv[3])), ("deep-local", int(sys.argv[4]))):
    rows = [list(map(float, l.split())) for l in open(f"{d}/{label}.times") if l.strip()]
    pts.append((2 * (L + T) + T, statistics.median(r[1] + r[2] for r in rows)))
n = len(pts); mx = sum(x for x, _ in pts) / n; my = sum(y for _, y in pts) / n
slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
print(f"{slope:.3f} {my - slope * mx:.2f} " + " ".join(f"{x}:{y:.2f}" for x, y in pts))
EOF
)"
read -r slope intercept _ <<<"$depth_fit"
linked_expected=$(( FILES - changed_files ))
{
  echo "## Hard-link store: the aged-base slowdown (\`bench/hardlink-aging.sh\`)"
  echo
  echo "Measured by \`bench/hardlink-aging.sh\` on $(date -u +%Y-%m-%d): $fs_type (\`$BENCH_DIR\`), $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), $(rsync --version | head -n 1 | xargs | cut -d' ' -f1-3);"
  echo "load average $load_before before and $load_after after (the machine is shared with other builds)."
  echo "Source: $FILES files, $src_mb MB ($big_mb MB of it in 40 large files; seed $SEED). Aged base: the newest of"
  echo "$CHAIN daily \`--link-dest\` snapshots after one full, 1 % of the files changed each day, the oldest pruned"
  echo "to $RETAIN ($snapshots_kept kept: $aged_links). Fresh base: one plain rsync of the same content"
  echo "($fresh_links). Copy: \`cp -a\` of the aged base. All three at \`<root>/<host>/<name>/data\` ($L_aged path"
  echo "components to \`data\`; a file's directory is $T components below it, \`--relative\` included). The incremental: one"
  echo "more day, $changed; pobsync's options (\`${OPTS[*]}\`), into an empty \`<name>.incomplete/data\`"
  echo "of the same host directory. $ROUNDS interleaved rounds, order rotated; medians. CPU is user + system:"
  echo "for a pull over ssh the local rsync (receiver + generator) and its ssh client, plus the remote sender (timed by a"
  echo "\`--rsync-path\` wrapper; sshd's own share is not counted); locally, sender, receiver and generator together."
  echo "Each variant's snapshot was checked once against the source, and its hard-linked files counted"
  echo "(expected $linked_expected): $(for l in "${labels[@]}"; do printf '%s %s, ' "$l" "$(cat "$work/times/$l.checked")"; done | sed 's/, $//')."
  echo
  echo "### The incremental against each base"
  echo
  python3 "$here/stores-table.py" "$work/times" --ref fresh-ssh \
    "full-ssh=no --link-dest (a full copy), over ssh" "fresh-ssh=fresh base, over ssh" \
    "aged-ssh=aged base, over ssh" "copy-ssh=cp -a copy of the aged base, over ssh" \
    "insecure-ssh=aged base with --insecure-links, over ssh"
  echo
  python3 "$here/stores-table.py" "$work/times" --ref fresh-local \
    "full-local=no --link-dest, local" "fresh-local=fresh base, local" "aged-local=aged base, local" \
    "copy-local=cp -a copy, local" "insecure-local=aged base, --insecure-links, local" \
    "shallow-local=aged base moved (mv) to $L_shallow components, local" \
    "deep-local=aged base moved (mv) to $L_deep components, local" \
    "noinc-local=aged base, --no-inc-recursive, local" \
    "twold-local=aged base and the one before it (two --link-dest), local" \
    "rel-local=aged base as a relative --link-dest (../../<name>/data), local" \
    "confine-local=aged base, --confine-root=<root>/<host>, local" \
    "bare-local=bare-rsync style: no --relative, base at $L_bare components (\$work/bare/base), local"
  echo
  echo "Building the chain (local, production options): full snapshot $(awk '{ printf "%.1f", $2 + $3 }' "$work/times/chain-full.times") s CPU;"
  echo "daily incrementals, CPU per day: $(awk '{ printf "%s%.1f", (NR > 1 ? " / " : ""), $2 + $3 }' "$work/times/chain-incr.times") s."
  echo
  echo "### Hypotheses"
  echo
  echo "Path depth: the same aged base (same inodes and dentries, moved with \`mv\`) at three depths. With"
  echo "L components to \`data\` and T = $T below it, rsync $(rsync --version | head -n 1 | awk '{ print $3 }') resolves every linked file three"
  echo "times one component at a time (below): 2 (L + T) + T = x components per file. Local CPU medians, x:seconds:"
  echo "$(cut -d' ' -f3- <<<"$depth_fit"); least squares: $slope s per component per $(printf "%'d" "$FILES") files"
  echo "($(awk -v s="$slope" -v f="$FILES" 'BEGIN { printf "%.1f", s / f * 1e6 }') µs per component and file), intercept $intercept s."
  echo
  echo "Lookups without rsync, per base ($ROUNDS interleaved rounds, medians of wall and CPU): \`lstat\` of every"
  echo "path of the tree by its full name in sorted order (Python, one syscall each), and \`cp -al\` of the whole base"
  echo "(a link per file):"
  echo
  echo "| base | lstat of every path: wall / CPU | cp -al: wall / CPU |"
  echo "|---|---|---|"
  for base in fresh aged copy; do
    python3 - "$work/times" "$base" <<'EOF'
import statistics, sys
d, b = sys.argv[1:3]
def m(label):
    rows = [list(map(float, l.split())) for l in open(f"{d}/{label}.times") if l.strip()]
    return f"{statistics.median(r[0] for r in rows):.2f} s / {statistics.median(r[1] + r[2] for r in rows):.2f} s"
print(f"| {b} | {m('lstat-' + b)} | {m('cpal-' + b)} |")
EOF
  done
  echo
  echo "readdir order of one directory ($sample_dir): source $order_src, fresh base $order_fresh, aged base"
  echo "$order_aged, copy $order_copy."
  if [ "$STRACE" = 1 ]; then
    echo
    echo "System calls of the local incremental (\`strace -f -c\`: sender, receiver and generator), total and"
    echo "per hard-linked file:"
    echo
    echo "| base | linked files | openat | newfstatat | close | linkat | xattr/ACL calls | all calls |"
    echo "|---|---|---|---|---|---|---|---|"
    cat "$work/strace.rows"
  fi
  if [ "$PERF" = 1 ]; then
    echo
    echo "Profile (\`perf record -e cpu-clock -g\`, local; inclusive shares; this VM has no hardware counters and"
    echo "attributes much of a syscall's entry/exit to \`pvm_irq_enable\`): aged base: $perf_aged."
    echo "With --insecure-links: $perf_insecure."
  fi
  echo
  echo "One trivial system call (\`dd bs=1\`, a read and a write per byte) costs $syscall_us µs of CPU here."
  echo
  echo "### Can a symlink in the base snapshot lead \`--link-dest\` out of the host's snapshots?"
  echo
  echo "Three files; yesterday's snapshot holds a symlink \`dir\` to a directory of the backup server (as a host's"
  echo "own symlink is stored), today the host has a real \`dir\` whose files match that directory's files in size,"
  echo "mtime, mode and owner."
  echo
  echo "| rsync options; the symlink in the base | does the new snapshot link the server's file? | rsync exit |"
  echo "|---|---|---|"
  cat "$work/security.rows"
} >"$work/figures.md"
echo
cat "$work/figures.md"

if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp -r "$work/times" "$work/figures.md" "$OUT/" && cp "$work"/strace-*.txt "$OUT/" 2>/dev/null || true; fi
doc="${DOC:-$repo/docs/benchmarks.md}"
if [ "$doc" != - ]; then
  cat "$work/figures.md" "$here/hardlink-aging.notes.md" >"$work/section.md"
  python3 "$here/write-doc-section.py" "$doc" hardlink-aging "$work/section.md" --inside snapshot-stores-investigation
  log "wrote the figures into $doc"
fi
