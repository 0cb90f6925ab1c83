#!/usr/bin/env bash
# Issue 16: the bare-tool baseline for a btrfs (copy-on-write) snapshot store, on the tree of
# bench/hardlink-aging.sh, against the hard-link store's rsync --link-dest on the same file system.
#
# On a btrfs file system in a loop file on tmpfs (mounted with user_subvol_rm_allowed), with the
# source on tmpfs pulled over a private loopback sshd as pobsync pulls (and locally):
#   1. a full backup into a new subvolume, and into a plain directory;
#   2. the 1 %-changed incremental: `btrfs subvolume snapshot <prev> <new>` + rsync --inplace
#      --no-whole-file into it, against rsync --link-dest into a plain directory (and with
#      --insecure-links, see hardlink-aging.sh); every snapshot then made read-only
#      (`btrfs property set ro true`) and deleted (`btrfs subvolume delete` + waiting for the
#      cleaner, against `rm -rf` of the hard-linked copy);
#      Also the same incremental without --inplace, and whether each keeps a hard-link group that
#      the source split correct (rsync -H writes --inplace through the old link);
#   3. reading exclusive/shared bytes per snapshot: `btrfs filesystem du -s`, and qgroups: what
#      enabling quotas costs, and what quotas cost on the backup path (incremental and delete with
#      quotas on and off, interleaved);
#   4. the least privilege a non-root worker needs for each subvolume operation (setpriv, a
#      numeric uid with no passwd entry; a second small file system, mounted with and without
#      user_subvol_rm_allowed).
# Usage: bench/btrfs-baseline.sh     (as root; apt-get install -y btrfs-progs rsync openssh-server)
# Prints the figures and rewrites its section of docs/benchmarks.md (DOC=- to only print).
# Environment (all optional):
#   ROUNDS=3  FILES=100040 MEGABYTES=850 SEED=42  IMAGE_SIZE=8G  BENCH_DIR=/dev/shm (tmpfs)
#   STRACE=1  (0 skips the strace -c runs)   PRIV_UID=64123   KEEP=1 (keep the work dir)
#   OUT=DIR   (copy the raw times there)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
FILES="${FILES:-100040}"
MEGABYTES="${MEGABYTES:-850}"
SEED="${SEED:-42}"
IMAGE_SIZE="${IMAGE_SIZE:-8G}"
BENCH_DIR="${BENCH_DIR:-/dev/shm}"
STRACE="${STRACE:-1}"
PRIV_UID="${PRIV_UID:-64123}"

fs_type="$(stat -f -c %T "$BENCH_DIR")"
if [ "$fs_type" != "tmpfs" ]; then
  echo "bench: $BENCH_DIR is $fs_type, not tmpfs; set BENCH_DIR to a tmpfs mount" >&2
  exit 2
fi
[ "$(id -u)" = 0 ] || { echo "bench: run as root (mount, and the receiver keeps owners)" >&2; exit 2; }
for tool in btrfs mkfs.btrfs rsync ssh ssh-keygen ssh-keyscan /usr/sbin/sshd python3 /usr/bin/time setpriv mountpoint; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y btrfs-progs rsync openssh-server openssh-client util-linux)" >&2; exit 2; }
done
if [ "$STRACE" = 1 ] && ! command -v strace >/dev/null; then STRACE=0; fi

work="$(mktemp -d "$BENCH_DIR/pobsync-btrfs.XXXXXX")"
mnt="$work/mnt"
pmnt="$work/pmnt"
sshd_pid=""
cleanup() {
  set +e
  if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null; fi
  for m in "$mnt" "$pmnt"; do
    for _ in 1 2 3 4 5; do mountpoint -q "$m" || break; umount "$m" 2>/dev/null || sleep 1; done
    if mountpoint -q "$m"; then echo "bench: could not unmount $m; left $work in place" >&2; return; fi
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $work (unmounted)" >&2; else rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- btrfs in a loop file on tmpfs; the kernel threads of this file system ---------------
btrfs_kthreads() { for p in /proc/[0-9]*; do case "$(cat "$p/comm" 2>/dev/null)" in btrfs-cleaner|btrfs-transacti*) echo "${p#/proc/}" ;; esac; done | sort; }
before_threads="$(btrfs_kthreads)"
truncate -s "$IMAGE_SIZE" "$work/img"
mkfs.btrfs -q "$work/img" >/dev/null 2>&1
mkdir "$mnt"
mount -o loop,user_subvol_rm_allowed "$work/img" "$mnt"
mount_opts="$(awk -v m="$mnt" '$2 == m { print $4 }' /proc/mounts)"
my_threads="$(comm -13 <(echo "$before_threads") <(btrfs_kthreads) | xargs)"
# CPU seconds (user + system) used so far by this file system's cleaner and transaction threads.
kthread_cpu() {
  local p t=0
  for p in $my_threads; do t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$p/stat") )); done
  awk -v t="$t" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}
log "btrfs on $work/img ($IMAGE_SIZE) at $mnt ($mount_opts); its kernel threads: ${my_threads:-none found}"

# --- private sshd and pobsync's ssh options (as in bench/hardlink-aging.sh) ---------------
[ -d /run/sshd ] || mkdir -m 0755 /run/sshd
sshd_dir="$work/sshd"
mkdir -m 0700 "$sshd_dir" "$work/bin" "$work/times"
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

OPTS=(-a -H --numeric-ids --delete --delete-excluded --relative --protect-args --timeout=3600
  --info=progress2 --itemize-changes --stats)
COW_OPTS=(--inplace --no-whole-file)

src="$work/src"
log "generating $FILES files / $MEGABYTES MB (seed $SEED) in $src (tmpfs, the 'remote host')"
python3 "$here/make-tree.py" create "$src" --seed "$SEED" --files "$FILES" --megabytes "$MEGABYTES"
src_mb="$(du -sm --apparent-size "$src" | cut -f1)"
cow="$mnt/cow/bench"     # the CoW store: <root>/<host>/<name> is a subvolume, data/ inside
hl="$mnt/hl/bench"       # the hard-link store on the same file system: plain directories
mkdir -p "$cow" "$hl"
chmod 0700 "$cow" "$hl"

# --- timing helpers ------------------------------------------------------------------------
# step NAME CMD...: runs CMD under /usr/bin/time, adds its CPU to the current measurement and its
# wall to the step list.
step() {
  local name="$1" w u s
  shift
  if ! /usr/bin/time -f '%e %U %S' -o "$work/step.cpu" "$@" >/dev/null 2>"$work/last.err"; then
    log "step $name failed: $*"; cat "$work/last.err" >&2; exit 1
  fi
  read -r w u s < <(tail -n 1 "$work/step.cpu")
  cur_u=$(awk -v a="$cur_u" -v b="$u" 'BEGIN { print a + b }')
  cur_s=$(awk -v a="$cur_s" -v b="$s" 'BEGIN { print a + b }')
  cur_steps+="$name $w "
}
begin_measure() { cur_u=0; cur_s=0; cur_steps=""; rm -f "$work/ssh.cpu" "$work/sender.cpu"; cur_k0="$(kthread_cpu)"; cur_t0=$(date +%s%N); }
# end_measure LABEL: appends "<wall> <user> <sys> <ssh user> <ssh sys> <sender user> <sender sys>"
# to LABEL.times, the steps' walls to LABEL.steps and this file system's kernel-thread CPU to LABEL.kcpu.
end_measure() {
  local t1 k1
  t1=$(date +%s%N)
  k1="$(kthread_cpu)"
  echo "$(awk -v ns=$((t1 - cur_t0)) 'BEGIN { printf "%.3f", ns / 1e9 }') $cur_u $cur_s" \
    "$(cat "$work/ssh.cpu" 2>/dev/null || echo 0 0) $(cat "$work/sender.cpu" 2>/dev/null || echo 0 0)" >>"$work/times/$1.times"
  echo "$cur_steps" >>"$work/times/$1.steps"
  awk -v a="$cur_k0" -v b="$k1" 'BEGIN { printf "%.2f\n", b - a }' >>"$work/times/$1.kcpu"
}
rsync_step() {
  local transport="$1" dest="$2"
  shift 2
  if [ "$transport" = ssh ]; then
    step rsync rsync "${OPTS[@]}" -e "$ssh_cmd" --rsync-path="$work/bin/rsync-timed" "$@" "root@127.0.0.1:$src" "$dest/data/"
  else
    step rsync rsync "${OPTS[@]}" "$@" "$src" "$dest/data/"
  fi
}
same_tree() {
  local diff
  diff="$(rsync -ani --delete "$1/" "$2/" | grep -v '^\.d' || true)"
  if [ -n "$diff" ]; then log "trees differ: $1 vs $2"; echo "$diff" | head >&2; exit 1; fi
}
checked() { [ -e "$work/times/$1.checked" ] || { same_tree "$src" "$2/data$src"; touch "$work/times/$1.checked"; }; }
wait_cleaner() { btrfs subvolume sync "$mnt" >/dev/null; sync -f "$mnt"; }
interleave() {
  local n="$1" i j k label summary
  shift
  local -a labels=("$@") order
  for ((i = 0; i < n; i++)); do
    order=()
    for ((j = 0; j < ${#labels[@]}; j++)); do
      k=$(( (i + j) % ${#labels[@]} ))
      if ((i % 2)); then order=("${labels[k]}" "${order[@]}"); else order+=("${labels[k]}"); fi
    done
    summary=""
    for label in "${order[@]}"; do
      "run_${label%-*}" "$label" "${label##*-}"
      summary+=" $label $(tail -n 1 "$work/times/$label.times" | cut -d' ' -f1),"
    done
    log "  round $((i + 1))/$n (load $(cut -d' ' -f1 /proc/loadavg)):${summary%,}"
  done
}

# --- 1. full backups -------------------------------------------------------------------------
run_fullcow() {
  local d="$cow/F.incomplete"
  begin_measure
  step create btrfs subvolume create "$d"
  step mkdir mkdir "$d/data"
  rsync_step "$2" "$d"
  step sync sync -f "$mnt"
  end_measure "$1"
  checked "$1" "$d"
  btrfs subvolume delete -c "$d" >/dev/null; wait_cleaner
}
run_fullhl() {
  local d="$hl/F.incomplete"
  begin_measure
  step mkdir mkdir -p "$d/data"
  rsync_step "$2" "$d"
  step sync sync -f "$mnt"
  end_measure "$1"
  checked "$1" "$d"
  rm -rf "$d"; sync -f "$mnt"
}
log "full backups: $ROUNDS rounds"
interleave "$ROUNDS" fullcow-ssh fullhl-ssh fullcow-local fullhl-local

# --- 2. incremental, read-only, delete ---------------------------------------------------------
base=20261101T021500Z
btrfs subvolume create "$cow/$base.incomplete" >/dev/null
mkdir "$cow/$base.incomplete/data"
rsync "${OPTS[@]}" "$src" "$cow/$base.incomplete/data/" >/dev/null
mv "$cow/$base.incomplete" "$cow/$base"
btrfs property set "$cow/$base" ro true
mkdir -p "$hl/$base.incomplete/data"
rsync "${OPTS[@]}" "$src" "$hl/$base.incomplete/data/" >/dev/null
mv "$hl/$base.incomplete" "$hl/$base"
sync -f "$mnt"
changed="$(python3 "$here/make-tree.py" change "$src" --seed $((SEED * 1000 + 1)) --day 1)"
log "incremental: $changed"
new=20261102T021500Z
run_incrcow() {
  local d="$cow/$new.incomplete"
  local -a opts=("${COW_OPTS[@]}")
  if [ "${1%-*}" = incrcownoinplace ]; then opts=(); fi
  begin_measure
  step snapshot btrfs subvolume snapshot "$cow/$base" "$d"
  rsync_step "$2" "$d" "${opts[@]}"
  step sync sync -f "$mnt"
  end_measure "$1"
  checked "$1" "$d"
  mv "$d" "$cow/$new"
  begin_measure; step ro btrfs property set "$cow/$new" ro true; end_measure ro-set
  begin_measure
  step delete btrfs subvolume delete --commit-after "$cow/$new"
  step cleaner btrfs subvolume sync "$mnt"
  step sync sync -f "$mnt"
  end_measure delete-cow
}
run_incrhl() {
  local d="$hl/$new.incomplete"
  local -a extra=(--link-dest="$hl/$base/data")
  if [ "${1%-*}" = incrhlinsecure ]; then extra+=(--insecure-links); fi
  begin_measure
  step mkdir mkdir -p "$d/data"
  rsync_step "$2" "$d" "${extra[@]}"
  step sync sync -f "$mnt"
  end_measure "$1"
  checked "$1" "$d"
  mv "$d" "$hl/$new"
  begin_measure
  step delete rm -rf "$hl/$new"
  step sync sync -f "$mnt"
  end_measure delete-hl
}
run_incrhlinsecure() { run_incrhl "$@"; }
run_incrcownoinplace() { run_incrcow "$@"; }
log "incremental + read-only + delete: $ROUNDS rounds"
interleave "$ROUNDS" incrcow-ssh incrhl-ssh incrhlinsecure-ssh incrcow-local incrhl-local incrhlinsecure-local incrcownoinplace-local

# Correctness: a hard-link group in the previous snapshot that the source has split since.
split_check() { # OPTION...: prints what file "a" holds after the incremental
  local t="$mnt/split"
  rm -rf "$t.src"; mkdir -p "$t.src"
  echo "a and b, one inode" >"$t.src/a"; ln "$t.src/a" "$t.src/b"
  btrfs subvolume create "$t.prev" >/dev/null
  rsync -aH --numeric-ids "$t.src/" "$t.prev/"
  rm "$t.src/b"; echo "b alone, new content" >"$t.src/b"
  btrfs subvolume snapshot "$t.prev" "$t.new" >/dev/null
  rsync -aH --numeric-ids --delete "$@" "$t.src/" "$t.new/"
  if [ "$(cat "$t.new/a")" = "a and b, one inode" ] && [ "$(cat "$t.prev/a")" = "a and b, one inode" ]; then echo "correct"
  else echo "**wrong**: a now holds \"$(cat "$t.new/a")\""; fi
  btrfs subvolume delete -c "$t.prev" "$t.new" >/dev/null; rm -rf "$t.src"
}
split_inplace="$(split_check "${COW_OPTS[@]}")"
split_whole="$(split_check)"

strace_counts() { # NAME CMD...
  local f="$work/strace-$1.txt"
  shift
  strace -f -c -o "$f" "$@" >/dev/null 2>&1
  python3 - "$f" "$FILES" <<'EOF'
import sys
calls = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 5 and f[0][0].isdigit() and not line.startswith("100.00"):
        calls[f[-1]] = int(f[3])
n = int(sys.argv[2])
total = sum(calls.values())
top = sorted(calls.items(), key=lambda kv: -kv[1])[:5]
print(f"{total / n:.1f} calls per file (" + ", ".join(f"{k} {v / n:.1f}" for k, v in top) + ")")
EOF
}
if [ "$STRACE" = 1 ]; then
  log "strace -c of the local incrementals"
  btrfs subvolume snapshot "$cow/$base" "$cow/$new.incomplete" >/dev/null
  strace_cow="$(strace_counts cow rsync "${OPTS[@]}" "${COW_OPTS[@]}" "$src" "$cow/$new.incomplete/data/")"
  btrfs subvolume delete -c "$cow/$new.incomplete" >/dev/null; wait_cleaner
  mkdir -p "$hl/$new.incomplete/data"
  strace_hl="$(strace_counts hl rsync "${OPTS[@]}" --link-dest="$hl/$base/data" "$src" "$hl/$new.incomplete/data/")"
  rm -rf "$hl/$new.incomplete"; sync -f "$mnt"
fi

# --- 3. exclusive/shared bytes: filesystem du, qgroups ----------------------------------------
# One incremental snapshot next to the base, as the store would hold them.
btrfs subvolume snapshot "$cow/$base" "$cow/$new.incomplete" >/dev/null
rsync "${OPTS[@]}" "${COW_OPTS[@]}" "$src" "$cow/$new.incomplete/data/" >/dev/null
mv "$cow/$new.incomplete" "$cow/$new"
btrfs property set "$cow/$new" ro true
sync -f "$mnt"
for ((i = 0; i < ROUNDS; i++)); do
  begin_measure; step du btrfs filesystem du -s "$cow/$new"; end_measure fidu-one
  begin_measure; step du btrfs filesystem du -s "$cow/$base" "$cow/$new"; end_measure fidu-two
done
fidu_out="$(btrfs filesystem du -s --raw "$cow/$base" "$cow/$new" | awk 'NR > 1 { printf "%s%s: total %.1f MB, exclusive %.1f MB, shared %.1f MB", (NR > 2 ? "; " : ""), $4, $1 / 1e6, $2 / 1e6, $3 / 1e6 }' | sed "s|$cow/||g")"
subvol_id() { btrfs subvolume show "$1" | awk '/Subvolume ID:/ { print $3 }'; }
id_base="$(subvol_id "$cow/$base")"
id_new="$(subvol_id "$cow/$new")"
qgroup_of() {
  btrfs qgroup show --raw "$mnt" 2>&1 | awk -v id="0/$1" '$1 == id { printf "referenced %.1f MB, exclusive %.1f MB", $2 / 1e6, $3 / 1e6 }'
}
qgroup_warn() { btrfs qgroup show "$mnt" 2>&1 | grep -i -m1 -E 'warn|inconsistent|rescan' || echo "consistent"; }
log "quotas: enable + rescan, qgroup show"
begin_measure; step enable btrfs quota enable "$mnt"; step rescan btrfs quota rescan -w "$mnt"; end_measure quota-enable-first
begin_measure; step show btrfs qgroup show --raw "$mnt"; end_measure qgroup-show
qgroup_base="$(qgroup_of "$id_base")"
qgroup_new="$(qgroup_of "$id_new")"
btrfs subvolume delete -c "$cow/$new" >/dev/null
wait_cleaner
quota_state_after_delete="$(qgroup_warn)"
fs_uuid="$(btrfs filesystem show "$mnt" | awk '/uuid:/ { print $NF }')"
drop_threshold="$(cat "/sys/fs/btrfs/$fs_uuid/qgroups/drop_subtree_threshold" 2>/dev/null || echo "n/a")"
btrfs quota disable "$mnt"
sync -f "$mnt"

# The backup path with quotas on and off, interleaved: the CoW incremental (local), then deleting it.
run_quota() {
  local on="$2" d="$cow/$new.incomplete"
  if [ "$on" = on ]; then
    begin_measure; step enable btrfs quota enable "$mnt"; step rescan btrfs quota rescan -w "$mnt"; end_measure quota-enable
  fi
  begin_measure
  step snapshot btrfs subvolume snapshot "$cow/$base" "$d"
  rsync_step local "$d" "${COW_OPTS[@]}"
  step sync sync -f "$mnt"
  end_measure "$1"
  begin_measure
  step delete btrfs subvolume delete --commit-after "$d"
  step cleaner btrfs subvolume sync "$mnt"
  step sync sync -f "$mnt"
  end_measure "delete-$1"
  if [ "$on" = on ]; then
    qgroup_warn >>"$work/times/quota-state"
    begin_measure; step disable btrfs quota disable "$mnt"; step sync sync -f "$mnt"; end_measure quota-disable
  fi
}
log "backup path with quotas on and off: $ROUNDS rounds"
interleave "$ROUNDS" quota-on quota-off

# --- 4. least privilege for a non-root worker ------------------------------------------------
log "least privilege: uid $PRIV_UID on a second small file system"
truncate -s 512M "$work/pimg"
mkfs.btrfs -q "$work/pimg" >/dev/null 2>&1
mkdir "$pmnt"
chmod 0711 "$work"   # the worker must reach the second mount (and nothing else of the work dir)
U="$PRIV_UID"
as_user() {
  local caps="$1"
  shift
  if [ "$caps" = none ]; then
    setpriv --reuid="$U" --regid="$U" --clear-groups --inh-caps=-all --ambient-caps=-all -- "$@"
  else
    setpriv --reuid="$U" --regid="$U" --clear-groups --inh-caps="-all,$caps" --ambient-caps="-all,$caps" -- "$@"
  fi
}
# try CAPS CMD...: "yes", or the kernel's refusal as btrfs-progs prints it.
try() {
  local caps="$1" out
  shift
  if out="$(as_user "$caps" "$@" 2>&1)"; then echo yes; return; fi
  out="$(grep -v '^WARNING' <<<"$out")"   # e.g. "cannot read default subvolume id", not the refusal
  out="$(grep -o -m1 -E 'Operation not permitted|Permission denied|Read-only file system|Directory not empty|Invalid argument|Inappropriate ioctl[a-z ]*|Not a directory' <<<"$out" || echo "${out##*$'\n'}")"
  case "$out" in
    "Operation not permitted") echo "no (EPERM)" ;;
    "Permission denied") echo "no (EACCES)" ;;
    "Read-only file system") echo "no (EROFS)" ;;
    *) echo "no ($out)" ;;
  esac
}
P="$pmnt/np"
fixture() { # KIND NAME: a subvolume for one test, as root
  local kind="$1" s="$P/$2"
  case "$kind" in
    own|own-ro|own-content)
      btrfs subvolume create "$s" >/dev/null
      mkdir -p "$s/data/etc/private"; echo secret >"$s/data/etc/private/f"; chmod 0700 "$s/data/etc/private"; chmod 0400 "$s/data/etc/private/f"
      if [ "$kind" = own ]; then chown -R "$U:$U" "$s"; else chown "$U:$U" "$s" "$s/data"; fi
      if [ "$kind" = own-ro ]; then btrfs property set "$s" ro true; fi
      ;;
    root) btrfs subvolume create "$s" >/dev/null; mkdir "$s/data"; chmod 0755 "$s" ;;
  esac
}
remove_fixture() {
  local s="$P/$1"
  [ -e "$s" ] || return 0
  btrfs property set "$s" ro false 2>/dev/null || true
  btrfs subvolume delete "$s" >/dev/null 2>&1 || rm -rf "$s"
}
CAPSETS=(none +fowner +dac_override +sys_admin)
priv_row() { # DESCRIPTION MOUNTOPTS SETUP-KIND OP
  local desc="$1" opts="$2" kind="$3" op="$4" caps row="| $1 |" n=0
  mount -o "loop$opts" "$work/pimg" "$pmnt"
  mkdir -p "$P"; chown "$U:$U" "$P"; chmod 0700 "$P"
  if [ "$op" = qgroup ]; then btrfs quota enable "$pmnt"; fi
  for caps in "${CAPSETS[@]}"; do
    n=$((n + 1))
    local a="t$n" b="u$n"
    if [ "$kind" != none ]; then fixture "$kind" "$a"; fi
    case "$op" in
      create) row+=" $(try "$caps" btrfs subvolume create "$P/$b") |" ;;
      snapshot) row+=" $(try "$caps" btrfs subvolume snapshot "$P/$a" "$P/$b") |" ;;
      ro) row+=" $(try "$caps" btrfs property set "$P/$a" ro true) |" ;;
      unro) row+=" $(try "$caps" btrfs property set "$P/$a" ro false) |" ;;
      delete) row+=" $(try "$caps" btrfs subvolume delete "$P/$a") |" ;;
      rmdir) rm -rf "${P:?}/$a/data"; row+=" $(try "$caps" rmdir "$P/$a") |" ;;
      show) row+=" $(try "$caps" btrfs subvolume show "$P/$a") |" ;;
      qgroup) row+=" $(try "$caps" btrfs qgroup show "$pmnt") |" ;;
      fidu) row+=" $(try "$caps" btrfs filesystem du -s "$P/$a") |" ;;
    esac
    remove_fixture "$a"; remove_fixture "$b"
  done
  if [ "$op" = qgroup ]; then btrfs quota disable "$pmnt"; fi
  umount "$pmnt"
  echo "$row"
}
W=",user_subvol_rm_allowed"
{
  priv_row "create a subvolume in a directory the worker owns" "$W" none create
  priv_row "snapshot a subvolume the worker owns" "$W" own snapshot
  priv_row "snapshot a subvolume root owns" "$W" root snapshot
  priv_row "set ro on a subvolume the worker owns" "$W" own ro
  priv_row "set ro on a subvolume root owns" "$W" root ro
  priv_row "clear ro on a read-only subvolume the worker owns" "$W" own-ro unro
  priv_row "delete a subvolume the worker owns (content owned by root, 0700/0400)" "$W" own-content delete
  priv_row "delete a read-only subvolume the worker owns" "$W" own-ro delete
  priv_row "delete a subvolume root owns (mode 0755)" "$W" root delete
  priv_row "same as the first delete, mounted without user_subvol_rm_allowed" "" own-content delete
  priv_row "rmdir an emptied subvolume the worker owns, without user_subvol_rm_allowed" "" own rmdir
  priv_row "btrfs subvolume show (also list, sync: tree search)" "$W" own show
  priv_row "btrfs qgroup show" "$W" own qgroup
  priv_row "btrfs filesystem du -s" "$W" own fidu
} >"$work/priv.rows"
# rsync as that worker: does a non-root receiver keep the owners (it needs --super and capabilities)?
priv_rsync() {
  local caps="$1" opt="$2" d
  mount -o "loop$W" "$work/pimg" "$pmnt"
  mkdir -p "$P"; chown "$U:$U" "$P"
  d="$P/r"
  btrfs subvolume create "$d" >/dev/null; chown "$U:$U" "$d"
  local res
  mkdir -p "$pmnt/srcp/d"; echo a >"$pmnt/srcp/d/a"; echo b >"$pmnt/srcp/d/b"; chown -R 1234:1234 "$pmnt/srcp/d"
  if as_user "$caps" rsync -a -H --numeric-ids $opt --relative "$pmnt/srcp/d" "$d/" >/dev/null 2>"$work/last.err"; then
    res="$(find "$d$pmnt/srcp/d" -type f -printf '%U\n' | sort -u | xargs)"
    res="exit 0, files owned by uid(s) $res"
  else
    res="exit $?: $(tail -n 1 "$work/last.err")"
  fi
  btrfs subvolume delete "$d" >/dev/null 2>&1 || true
  rm -rf "$pmnt/srcp"
  umount "$pmnt"
  echo "$res"
}
rsync_none="$(priv_rsync none "")"
rsync_caps="$(priv_rsync +chown,+fowner,+dac_override --super)"

# --- report ------------------------------------------------------------------------------
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
med() { python3 -c 'import statistics, sys; v = [float(x) for x in sys.stdin.read().split()]; print(f"{statistics.median(v):.2f}" if v else "n/a")'; }
col() { awk -v c="$2" '{ print $c }' "$work/times/$1.times" | med; }
cpu() { awk '{ print $2 + $3 }' "$work/times/$1.times" | med; }
kcpu() { med <"$work/times/$1.kcpu"; }
stepmed() { awk -v s="$2" '{ for (i = 1; i < NF; i += 2) if ($i == s) print $(i + 1) }' "$work/times/$1.steps" | med; }
{
  echo "## Btrfs snapshot store: the bare-tool baseline (\`bench/btrfs-baseline.sh\`)"
  echo
  echo "Measured by \`bench/btrfs-baseline.sh\` on $(date -u +%Y-%m-%d): btrfs ($IMAGE_SIZE loop file on tmpfs \`$BENCH_DIR\`,"
  echo "\`mkfs.btrfs\` defaults of $(btrfs --version | awk '{ print $2 }'), mounted \`$mount_opts\`), source on tmpfs; $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), Linux $(uname -r), $(rsync --version | head -n 1 | xargs | cut -d' ' -f1-3);"
  echo "load average $load_before before and $load_after after (the machine is shared with other builds)."
  echo "Tree: $FILES files, $src_mb MB (seed $SEED), as in hardlink-aging.sh; the incremental: $changed."
  echo "$ROUNDS interleaved rounds, medians. Wall is the whole step list (e.g. snapshot + rsync + \`sync -f\`); CPU is"
  echo "user + system of those commands (for a pull over ssh plus the remote sender, timed by a \`--rsync-path\`"
  echo "wrapper); \"kthreads\" is the CPU of this file system's \`btrfs-cleaner\` and \`btrfs-transaction\` threads"
  echo "during the step list, which the commands' CPU does not include (the loop device's workers are not"
  echo "counted anywhere). rsync options: pobsync's (\`${OPTS[*]}\`), plus \`${COW_OPTS[*]}\` into the snapshot."
  echo
  echo "| what | rounds | wall median | CPU median: total | receiver + generator | ssh client | sender | kthreads | wall / CPU vs link-dest |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for spec in "fullcow-ssh:full into a new subvolume, ssh:fullhl-ssh" "fullhl-ssh:full into a plain directory, ssh:" \
    "fullcow-local:full into a new subvolume, local:fullhl-local" "fullhl-local:full into a plain directory, local:" \
    "incrcow-ssh:incremental, snapshot + rsync --inplace, ssh:incrhl-ssh" "incrhl-ssh:incremental, rsync --link-dest, ssh:" \
    "incrhlinsecure-ssh:incremental, --link-dest --insecure-links, ssh:incrhl-ssh" \
    "incrcow-local:incremental, snapshot + rsync --inplace, local:incrhl-local" "incrhl-local:incremental, rsync --link-dest, local:" \
    "incrhlinsecure-local:incremental, --link-dest --insecure-links, local:incrhl-local" \
    "incrcownoinplace-local:incremental, snapshot + rsync without --inplace, local:incrhl-local"; do
    IFS=: read -r label desc ref <<<"$spec"
    python3 - "$work/times" "$label" "$desc" "$ref" "$(kcpu "$label")" <<'EOF'
import statistics, sys
d, label, desc, ref, kc = sys.argv[1:6]
def load(l):
    rows = [[float(x) for x in line.split()] for line in open(f"{d}/{l}.times") if line.strip()]
    return rows
rows = load(label)
m = lambda xs: statistics.median(xs)
wall = m([r[0] for r in rows]); tot = m([r[1] + r[2] + r[5] + r[6] for r in rows])
remote = any(r[5] + r[6] > 0 for r in rows)
recv = f"{m([r[1] + r[2] - r[3] - r[4] for r in rows]):.2f} s" if remote else "(in total)"
ssh = f"{m([r[3] + r[4] for r in rows]):.2f} s" if remote else ""
snd = f"{m([r[5] + r[6] for r in rows]):.2f} s" if remote else ""
ratio = ""
if ref:
    rr = load(ref)
    ratio = f"{wall / m([r[0] for r in rr]):.2f}x / {tot / m([r[1] + r[2] + r[5] + r[6] for r in rr]):.2f}x"
print(f"| {desc} (`{label}`) | {len(rows)} | {wall:.2f} s | {tot:.2f} s | {recv} | {ssh} | {snd} | {kc} s | {ratio} |")
EOF
  done
  echo
  echo "Steps of the CoW incremental (medians, wall): \`btrfs subvolume snapshot\` $(stepmed incrcow-local snapshot) s (local runs) /"
  echo "$(stepmed incrcow-ssh snapshot) s (ssh runs), rsync $(stepmed incrcow-local rsync) s / $(stepmed incrcow-ssh rsync) s, \`sync -f\`"
  echo "$(stepmed incrcow-local sync) s / $(stepmed incrcow-ssh sync) s. Of the link-dest incremental: rsync $(stepmed incrhl-local rsync) s / $(stepmed incrhl-ssh rsync) s,"
  echo "\`sync -f\` $(stepmed incrhl-local sync) s / $(stepmed incrhl-ssh sync) s."
  echo "A hard-link group (a, b) of the previous snapshot that the source has split since (b rewritten as a new file):"
  echo "after snapshot + rsync \`-aH ${COW_OPTS[*]}\` the new snapshot's a is $split_inplace; without \`--inplace\` $split_whole."
  if [ "$STRACE" = 1 ]; then echo "System calls (\`strace -f -c\`, local, per file of the tree): CoW incremental $strace_cow; link-dest incremental $strace_hl."; fi
  echo
  echo "| after the incremental | n | wall median | CPU median (commands) | kthreads |"
  echo "|---|---|---|---|---|"
  echo "| \`btrfs property set <snapshot> ro true\` | $(wc -l <"$work/times/ro-set.times") | $(col ro-set 1) s | $(cpu ro-set) s | $(kcpu ro-set) s |"
  echo "| delete the CoW snapshot: \`btrfs subvolume delete --commit-after\` | $(wc -l <"$work/times/delete-cow.times") | $(stepmed delete-cow delete) s | | |"
  echo "| … + \`btrfs subvolume sync\` (until the cleaner is done) + \`sync -f\` | | $(col delete-cow 1) s | $(cpu delete-cow) s | $(kcpu delete-cow) s |"
  echo "| delete the hard-linked snapshot: \`rm -rf\` + \`sync -f\` | $(wc -l <"$work/times/delete-hl.times") | $(col delete-hl 1) s (rm -rf alone $(stepmed delete-hl delete) s) | $(cpu delete-hl) s | $(kcpu delete-hl) s |"
  echo
  echo "Space per snapshot (a base of the whole tree and one incremental snapshot of it):"
  echo "- \`btrfs filesystem du -s\`: $fidu_out. One snapshot: $(col fidu-one 1) s wall, $(cpu fidu-one) s CPU;"
  echo "  both: $(col fidu-two 1) s, $(cpu fidu-two) s (medians of $ROUNDS; it walks every file's extents, no quotas needed)."
  echo "- qgroups: enabling quotas on this file system with these two snapshots (\`btrfs quota enable\` + \`btrfs quota"
  echo "  rescan -w\`): $(col quota-enable-first 1) s wall, $(cpu quota-enable-first) s CPU, $(kcpu quota-enable-first) s kthreads; \`btrfs qgroup show --raw\`: $(col qgroup-show 1) s."
  echo "  Base: $qgroup_base; incremental snapshot: $qgroup_new. After deleting the"
  echo "  snapshot: $quota_state_after_delete (the kernel's \`qgroups/drop_subtree_threshold\` is $drop_threshold)."
  echo
  echo "The backup path with quotas on and off (local CoW incremental, then deleting that snapshot; interleaved):"
  echo
  echo "| quotas | rounds | incremental wall / CPU / kthreads | delete + cleaner + sync wall / CPU / kthreads |"
  echo "|---|---|---|---|"
  for q in on off; do
    echo "| $q | $(wc -l <"$work/times/quota-$q.times") | $(col "quota-$q" 1) s / $(cpu "quota-$q") s / $(kcpu "quota-$q") s | $(col "delete-quota-$q" 1) s / $(cpu "delete-quota-$q") s / $(kcpu "delete-quota-$q") s |"
  done
  echo
  echo "Turning quotas on with the base present (\`quota enable\` + \`rescan -w\`, each round): $(col quota-enable 1) s wall, $(cpu quota-enable) s CPU,"
  echo "$(kcpu quota-enable) s kthreads; off (\`quota disable\` + \`sync -f\`): $(col quota-disable 1) s. qgroup state after each deletion: $(sort "$work/times/quota-state" | uniq -c | awk '{ $1 = $1 "x"; print }' | paste -sd ';' -)."
  echo
  echo "### Least privilege for a non-root worker"
  echo
  echo "uid $PRIV_UID (no passwd entry) through \`setpriv --reuid --regid --clear-groups --inh-caps --ambient-caps\`, in a 0700"
  echo "directory it owns on a second btrfs file system mounted with \`user_subvol_rm_allowed\` unless the row says"
  echo "otherwise. \"Owns\" a subvolume: owns its top directory."
  echo
  echo "| operation | no capabilities | CAP_FOWNER | CAP_DAC_OVERRIDE | CAP_SYS_ADMIN |"
  echo "|---|---|---|---|---|"
  cat "$work/priv.rows"
  echo
  echo "rsync receiving files owned by uid 1234 into the worker's subvolume (\`-a -H --numeric-ids --relative\`): without"
  echo "capabilities: $rsync_none; with \`--super\` and CAP_CHOWN + CAP_FOWNER + CAP_DAC_OVERRIDE: $rsync_caps."
} >"$work/figures.md"
echo
cat "$work/figures.md"

if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp -r "$work/times" "$work/figures.md" "$work/priv.rows" "$OUT/" && cp "$work"/strace-*.txt "$OUT/" 2>/dev/null || true; fi
doc="${DOC:-$repo/docs/benchmarks.md}"
if [ "$doc" != - ]; then
  cat "$work/figures.md" "$here/btrfs-baseline.notes.md" >"$work/section.md"
  python3 "$here/write-doc-section.py" "$doc" btrfs-baseline "$work/section.md" --inside snapshot-stores-investigation
  log "wrote the figures into $doc"
fi
