#!/usr/bin/env bash
# Browsing and downloading snapshot files (issue 14): the first page of a directory of 100,000
# entries, the versions of one path across 100 snapshots, a .tar.gz of a 1 GB / 20,000-file
# directory against `tar -czf - dir | cat >/dev/null` of the same directory, and the web
# process's heap while a 5 GiB file and a 5 GiB directory stream out. The real `pobsync web`
# (bin/pobsync web), a logged-in session, curl and wrk on loopback, everything on tmpfs.
# Prints the figures and rewrites the "browse-download" section of docs/benchmarks.md.
# Takes about five to ten minutes (the tar.gz comparison is most of it).
#
#   bench/browse-download.sh                  # measure, print, update docs/benchmarks.md
#   BENCH_REPS=1 BENCH_SECONDS=5 bench/browse-download.sh    # a quick look
#   DOC=- bench/browse-download.sh            # print only
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
reps=${BENCH_REPS:-3}            # tar.gz download vs tar | gzip, alternating
seconds=${BENCH_SECONDS:-20}     # wrk per page
shm=${BENCH_TMPFS:-/dev/shm}
port=${BENCH_PORT:-18320}
doc=${DOC:-docs/benchmarks.md}
snap=20261101T000000Z

say() { printf 'browse-download: %s\n' "$*" >&2; }

for tool in java mvn curl wrk tar gzip python3 jstat jcmd; do
    command -v "$tool" >/dev/null || { say "missing $tool (apt-get install -y curl wrk python3; jstat/jcmd come with the JDK)"; exit 1; }
done
if [ "$(df --output=fstype "$shm" | tail -n 1)" != tmpfs ]; then
    say "$shm is not tmpfs; set BENCH_TMPFS to a tmpfs directory"; exit 1
fi
if [ ! -f app/target/pobsync.jar ] || [ -n "$(find app/src engine/src -newer app/target/pobsync.jar -type f | head -n 1)" ]; then
    say "building the jar"
    mvn -q -o package -DskipTests >/dev/null 2>&1 || mvn -q package -DskipTests
fi

work=$(mktemp -d "$shm/pobsync-bench-browse.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf -- "$work"
}
trap cleanup EXIT

export POBSYNC_DATA_DIR="$work/var" POBSYNC_BACKUP_ROOT="$work/backups" POBSYNC_BIND="127.0.0.1:$port"
unset POBSYNC_DATABASE_URL POBSYNC_DATABASE_USER POBSYNC_DATABASE_PASSWORD
host="$work/backups/bench"
data="$host/$snap/data"
mkdir -p "$data/etc" "$data/big" "$data/sparse"

say "making the snapshots: 100,000 entries in one directory, 1 GB / 20,000 files, a 5 GiB sparse file"
python3 - "$data/big" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(100_000):
    if i % 10 == 0:
        os.mkdir(os.path.join(d, "dir-%06d" % i))
    else:
        os.close(os.open(os.path.join(d, "file-%06d.txt" % i), os.O_CREAT | os.O_WRONLY, 0o644))
PY
python3 bench/make-tree.py create "$data/tree" --seed 42 --files 20000 --megabytes 1000 >/dev/null
truncate -s 5G "$data/sparse/five-gigabytes.bin"
printf '127.0.0.1 localhost\n' >"$data/etc/hosts"
# 99 more snapshots holding /etc/hosts: hard links (unchanged) with a rewrite every tenth day.
python3 - "$host" "$data/etc/hosts" <<'PY'
import os, sys, datetime
host, first = sys.argv[1], sys.argv[2]
start = datetime.datetime(2026, 11, 1)
previous = first
for day in range(1, 100):
    name = (start + datetime.timedelta(days=day)).strftime("%Y%m%dT%H%M%SZ")
    etc = os.path.join(host, name, "data", "etc")
    os.makedirs(etc)
    target = os.path.join(etc, "hosts")
    if day % 10 == 0:
        with open(target, "w") as f:
            f.write("127.0.0.1 localhost changed on day %d\n" % day)
    else:
        os.link(previous, target)
    previous = target
PY
say "tree ready: $(du -sh --apparent-size "$data/tree" | cut -f1) in $(find "$data/tree" -type f | wc -l) files"

bin/pobsync manage migrate >/dev/null 2>&1
bin/pobsync manage configure-host bench --address bench.example --path /etc >/dev/null
POBSYNC_SUPERUSER_PASSWORD=bench-password-1 bin/pobsync manage create-superuser --username bench --no-input >/dev/null 2>&1
bin/pobsync discover-snapshots --host bench >/dev/null

say "starting pobsync web on 127.0.0.1:$port"
bin/pobsync web >"$work/web.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
    grep -q "web panel on" "$work/web.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/web.log" >&2; exit 1; }
    sleep 0.5
done
java_pid=$(pgrep -P "$server_pid" java || echo "$server_pid")
base="http://127.0.0.1:$port"
jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
status=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "username=bench" --data-urlencode "password=bench-password-1" --data-urlencode "_csrf=$token" \
    "$base/login")
[ "$status" = "302 $base/" ] || { say "login failed: $status"; exit 1; }
session=$(awk '$6 == "JSESSIONID" { print $7 }' "$jar")
cookie="Cookie: JSESSIONID=$session"

ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }
latency() { # latency URL -> "p50 p99 requests"
    wrk -t1 -c1 -d5s -H "$cookie" "$base$1" >/dev/null
    local out
    out=$(wrk -t1 -c1 -d"${seconds}s" --latency -H "$cookie" "$base$1")
    if grep -q Non-2xx <<<"$out"; then say "$1: non-2xx answers"; echo "$out" >&2; exit 1; fi
    printf '%s %s %s\n' "$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")" \
        "$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")" "$(awk '/requests in/ { print $1 }' <<<"$out")"
}

load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
say "first page of the 100,000-entry directory (${seconds} s, one connection)"
read -r first_p50 first_p99 first_n < <(latency "/snapshots/bench/$snap/browse/big")
read -r last_p50 last_p99 last_n < <(latency "/snapshots/bench/$snap/browse/big?page=500")
say "versions of /etc/hosts across 100 snapshots"
read -r ver_p50 ver_p99 ver_n < <(latency "/snapshots/bench/$snap/versions/etc/hosts")
curl -s -H "$cookie" "$base/snapshots/bench/$snap/versions/etc/hosts" | grep -c 'unchanged since' >"$work/unchanged"

seconds_of() { python3 -c 'import sys; print("%.2f" % (int(sys.argv[2]) / 1e9 - int(sys.argv[1]) / 1e9))' "$1" "$2"; }
# CPU (user + system) in seconds: of the server JVM, and of this shell's finished children (curl,
# or tar, gzip and cat), so the comparison also holds on a machine busy with other work.
jvm_cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$java_pid/stat"; }
# (bash's times must run in this shell, not in a pipe's subshell, to see this shell's children)
children_cpu_s() {
    times >"$work/times"
    children_cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$work/times")
}
ours=() theirs=() ours_cpu=() theirs_cpu=()
for rep in $(seq 1 "$reps"); do
    say "tar.gz of the 1 GB tree, repetition $rep of $reps"
    for who in pobsync tar; do
        [ $((rep % 2)) = 0 ] && who=$([ "$who" = pobsync ] && echo tar || echo pobsync)
        t0=$(date +%s%N)
        children_cpu_s
        c0=$children_cpu
        if [ "$who" = pobsync ]; then
            j0=$(jvm_cpu_s)
            code=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$base/snapshots/bench/$snap/archive/tree?format=tar.gz")
            [ "$code" = 200 ] || { say "archive answered $code"; exit 1; }
            ours+=("$(seconds_of "$t0" "$(date +%s%N)")")
            children_cpu_s
            ours_cpu+=("$(awk -v j0="$j0" -v j1="$(jvm_cpu_s)" -v c0="$c0" -v c1="$children_cpu" 'BEGIN { printf "%.2f", j1 - j0 + c1 - c0 }')")
        else
            tar -C "$data" -czf - tree | cat >/dev/null
            theirs+=("$(seconds_of "$t0" "$(date +%s%N)")")
            children_cpu_s
            theirs_cpu+=("$(awk -v c0="$c0" -v c1="$children_cpu" 'BEGIN { printf "%.2f", c1 - c0 }')")
        fi
    done
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ours_median=$(median "${ours[@]}")
theirs_median=$(median "${theirs[@]}")
ratio=$(awk -v a="$ours_median" -v b="$theirs_median" 'BEGIN { printf "%.2f", a / b }')
ours_cpu_median=$(median "${ours_cpu[@]}")
theirs_cpu_median=$(median "${theirs_cpu[@]}")
cpu_ratio=$(awk -v a="$ours_cpu_median" -v b="$theirs_cpu_median" 'BEGIN { printf "%.2f", a / b }')

# Heap while streaming: jstat samples every 250 ms (young + old generation in use), around a
# full collection before and after, so "after" is what the download left behind.
old_used_mb() { jcmd "$java_pid" GC.run >/dev/null; jstat -gc "$java_pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { printf "%.1f", $c["OU"] / 1024 }'; }
heap_during() { # heap_during URL -> "before_mb peak_mb after_mb seconds bytes"
    local before peak=0 t0 sampler
    before=$(old_used_mb)
    t0=$(date +%s%N)
    # One jstat sampling every 250 ms (a jstat per sample would start a JVM four times a second).
    jstat -gc "$java_pid" 250 >"$work/heap.samples" &
    sampler=$!
    bytes=$(curl -s -o /dev/null -w '%{size_download}' -H "$cookie" "$base$1")
    kill "$sampler"; wait "$sampler" 2>/dev/null || true
    peak=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 ~ /^[0-9]/ {
        used = ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024; if (used > max) max = used }
        END { printf "%.1f", max }' "$work/heap.samples")
    printf '%s %s %s %s %s\n' "$before" "$peak" "$(old_used_mb)" "$(seconds_of "$t0" "$(date +%s%N)")" "$bytes"
}
say "heap while a 5 GiB file downloads"
read -r file_before file_peak file_after file_s file_bytes < <(heap_during "/snapshots/bench/$snap/download/sparse/five-gigabytes.bin")
say "heap while a 5 GiB directory downloads as tar.gz"
read -r dir_before dir_peak dir_after dir_s dir_bytes < <(heap_during "/snapshots/bench/$snap/archive/sparse?format=tar.gz")
# The heap's reserved maximum, from the JVM's own flags (GC.heap_info prints addresses, not a figure).
heap_max="max heap $(jcmd "$java_pid" VM.flags -all 2>/dev/null | awk '$2 == "MaxHeapSize" { printf "%d MB", $4 / 1048576; exit }')"
load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)

figures=$(cat <<EOF
| What | Result | Target |
|---|---|---|
| First page (200 entries) of a directory of 100,000 entries: \`GET …/browse/big\` | p50 $first_p50 ms, p99 $first_p99 ms ($first_n requests) | well under 1 s |
| Last page of the same directory (\`?page=500\`) | p50 $last_p50 ms, p99 $last_p99 ms ($last_n requests) | |
| Versions of \`/etc/hosts\` across 100 snapshots: \`GET …/versions/etc/hosts\` | p50 $ver_p50 ms, p99 $ver_p99 ms ($ver_n requests; $(cat "$work/unchanged") rows "unchanged since") | |
| \`.tar.gz\` of a 1 GB / 20,000-file directory vs \`tar -czf - dir \| cat >/dev/null\` (medians of $reps) | wall $ours_median s vs $theirs_median s: **${ratio}x** (each: ${ours[*]} s; tar: ${theirs[*]} s); CPU $ours_cpu_median s vs $theirs_cpu_median s: ${cpu_ratio}x | ≤ 1.2x |
| Heap (young + old in use) while a 5 GiB file downloads ($file_bytes bytes in $file_s s) | old generation after a full GC $file_before MB before, $file_after MB after; peak in use $file_peak MB | flat |
| Heap while a 5 GiB directory downloads as \`.tar.gz\` ($dir_bytes bytes in $dir_s s) | old generation after a full GC $dir_before MB before, $dir_after MB after; peak in use $dir_peak MB | flat |
EOF
)
printf '%s\n' "$figures"
[ "$doc" = - ] && exit 0

section=$(cat <<EOF
<!-- browse-download:begin -->
## Browsing and downloading snapshot files (issue 14)

Measured by \`bench/browse-download.sh\` on $(date -u +%Y-%m-%d): tmpfs (\`$shm\`), $(nproc) cores
($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr), $(java -version 2>&1 | head -n 1); load
average $load_before before and $load_after after (the machine is shared with other builds).
\`pobsync web\` as operators start it (\`bin/pobsync web\`: serial GC, default heap sizing; $heap_max),
one logged-in session; pages with \`wrk -t1 -c1\` for ${seconds} s after 5 s of warm-up, downloads with
curl to /dev/null, all on loopback. Every request is audited, as in production. The 1 GB tree is
\`bench/make-tree.py create --seed 42 --files 20000 --megabytes 1000\` (pseudo-random content, so
gzip works as hard as it can); both sides compress with gzip's default level 6. The heap is read
with \`jstat -gc\` every 250 ms during the download and after \`jcmd GC.run\` before and after it.
CPU is user + system time: the server JVM's (all threads) plus curl's, against tar's, gzip's and cat's.

$figures
<!-- browse-download:end -->
EOF
)
if grep -q '<!-- browse-download:begin -->' "$doc"; then
    SECTION="$section" awk '/<!-- browse-download:begin -->/ { print ENVIRON["SECTION"]; skip = 1; next }
        /<!-- browse-download:end -->/ { skip = 0; next } !skip { print }' "$doc" >"$doc.tmp"
    mv "$doc.tmp" "$doc"
else
    printf '\n%s\n' "$section" >>"$doc"
fi
say "updated $doc"
