#!/usr/bin/env bash
# Latency of the web panel under load: a generated SQLite database with 1,000 hosts, 100,000
# runs and 500,000 snapshot records (bench/web-latency-data.sql), the real `pobsync web`, a
# logged-in session, and wrk at 10 connections against the dashboard, the host list, a host page, the run list,
# a running run's live partial, /api/status/ and /metrics (the dashboard, the host list and
# /api/status/ share one host overview, refreshed in the background each second; /metrics decides it per scrape). Target: p99
# under 50 ms for each. Prints a table and rewrites the "web-latency" section of
# docs/benchmarks.md. Takes about six minutes.
#
#   bench/web-latency.sh                       # measure, print, update docs/benchmarks.md
#   BENCH_SECONDS=10 bench/web-latency.sh      # shorter runs (the default is 30 s per URL)
#   BENCH_HOSTS=500 bench/web-latency.sh       # the same 100,000 runs over fewer hosts
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
seconds=${BENCH_SECONDS:-30}
warmup=${BENCH_WARMUP_SECONDS:-20}
connections=10
shm=${BENCH_TMPFS:-/dev/shm}
port=${BENCH_PORT:-18310}
hosts=${BENCH_HOSTS:-1000}
case "$hosts" in ''|*[!0-9]*) echo "web-latency: BENCH_HOSTS must be a number" >&2; exit 1 ;; esac
[ "$hosts" -ge 20 ] && [ "$hosts" -le 5000 ] || { echo "web-latency: BENCH_HOSTS must be 20 to 5000" >&2; exit 1; }
runs_per_host=$((100000 / hosts))
snaps_per_host=$((500000 / hosts))
snaps_pruned=$((snaps_per_host * 85 / 100))

say() { printf 'web-latency: %s\n' "$*" >&2; }

for tool in java mvn sqlite3 wrk curl python3; do
    command -v "$tool" >/dev/null || { say "missing $tool (apt-get install -y sqlite3 wrk curl python3)"; exit 1; }
done
if [ "$(df --output=fstype "$shm" | tail -n 1)" != tmpfs ]; then
    say "$shm is not tmpfs; set BENCH_TMPFS to a tmpfs directory"; exit 1
fi

if [ ! -f app/target/pobsync.jar ] || [ -n "$(find app/src engine/src -newer app/target/pobsync.jar -type f | head -n 1)" ]; then
    say "building the jar"
    mvn -q -o package -DskipTests >/dev/null 2>&1 || mvn -q package -DskipTests
fi

work=$(mktemp -d "$shm/pobsync-bench-web.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf -- "$work"
}
trap cleanup EXIT

export POBSYNC_DATA_DIR="$work/var" POBSYNC_BACKUP_ROOT="$work/backups" POBSYNC_BIND="127.0.0.1:$port"
unset POBSYNC_DATABASE_URL POBSYNC_DATABASE_USER POBSYNC_DATABASE_PASSWORD

say "creating the schema and the bench user"
bin/pobsync manage migrate >/dev/null 2>&1
POBSYNC_SUPERUSER_PASSWORD=bench-password-1 bin/pobsync manage create-superuser --username bench --no-input >/dev/null 2>&1
say "generating $hosts hosts, $((runs_per_host * hosts)) runs, $((snaps_per_host * hosts)) snapshot records"
started=$(date +%s%N)
sed -e "s/:now/$(date +%s%3N)/g" -e "s/:hosts/$hosts/g" -e "s/:runs_per_host/$runs_per_host/g" \
    -e "s/:snaps_per_host/$snaps_per_host/g" -e "s/:snaps_pruned/$snaps_pruned/g" bench/web-latency-data.sql \
    | sqlite3 "$work/var/pobsync.sqlite3" >/dev/null
say "generated in $(( ($(date +%s%N) - started) / 1000000 )) ms; database $(du -h "$work/var/pobsync.sqlite3" | cut -f1)"

say "starting pobsync web on 127.0.0.1:$port"
bin/pobsync web >"$work/web.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
    grep -q "web panel on" "$work/web.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/web.log" >&2; exit 1; }
    sleep 0.5
done
base="http://127.0.0.1:$port"

jar="$work/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
status=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "username=bench" --data-urlencode "password=bench-password-1" --data-urlencode "_csrf=$token" \
    "$base/login")
[ "$status" = "302 $base/" ] || { say "login failed: $status"; exit 1; }
session=$(awk '$6 == "JSESSIONID" { print $7 }' "$jar")

running=$(sqlite3 "$work/var/pobsync.sqlite3" "SELECT id FROM backup_run WHERE status = 'running' ORDER BY id LIMIT 1")
urls=("/" "/hosts/" "/hosts/host-0250/" "/runs/" "/runs/$running/partial" "/api/status/")
names=("Dashboard ($hosts hosts)" "Host list (first page)" "Host detail" "Run list" "Run-detail partial (running run)"
       "Status API (every host's state)")
status_json=$(curl -s -b "JSESSIONID=$session" "$base/api/status/")
states=$(python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["hosts"]["states"]))' <<<"$status_json") \
    || { say "no host states in /api/status/: ${status_json:0:300}"; exit 1; }
say "host states: $states"

for url in "${urls[@]}"; do
    code=$(curl -s -o "$work/page.html" -w '%{http_code}' -b "JSESSIONID=$session" "$base$url")
    [ "$code" = 200 ] || { say "$url answered $code"; exit 1; }
    say "$url: $(wc -c <"$work/page.html") bytes"
done

# CPU time of the server JVM (all its threads: requests, GC, JIT) in ms: with the request count it
# gives the CPU cost of one page, which, unlike latency, does not depend on what else the machine runs.
jvm_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$server_pid/stat"; }

# wrk prints latencies as 1.23ms / 456.78us / 1.02s; convert to milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }

# Warm every page up before measuring any: the JIT compiles code shared by all pages during the
# first minutes, and that CPU would otherwise be charged to whichever page is measured first.
for url in "${urls[@]}"; do
    say "warming up $url (${warmup} s)"
    wrk -t2 -c"$connections" -d"${warmup}s" -H "Cookie: JSESSIONID=$session" "$base$url" >/dev/null
done
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
rows=()
for i in "${!urls[@]}"; do
    url=${urls[$i]}
    say "measuring $url (${seconds} s, $connections connections)"
    cpu_before=$(jvm_cpu_ms)
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: JSESSIONID=$session" "$base$url")
    cpu_after=$(jvm_cpu_ms)
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    cpu=$(awk -v c=$((cpu_after - cpu_before)) -v n="$requests" 'BEGIN { printf "%.2f", c / n }')
    p50=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
    p99=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
    rps=$(awk '$1 == "Requests/sec:" { printf "%.0f", $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
    [ -z "$non2xx" ] || { say "$url: $non2xx non-2xx answers"; echo "$out" >&2; exit 1; }
    verdict=$(awk -v p="$p99" 'BEGIN { print (p < 50 ? "yes" : "no") }')
    rows+=("| ${names[$i]}: \`GET $url\` | $p50 ms | $p99 ms | $rps | $cpu ms | $verdict |")
    printf '%-34s p50 %6s ms   p99 %6s ms   %6s req/s   %6s ms CPU/request\n' "${names[$i]}" "$p50" "$p99" "$rps" "$cpu"
done
# /metrics is read by one Prometheus every 15-60 s, not by ten clients at once: timed one scrape
# at a time, the median of five after one to warm up.
curl -s -o /dev/null -b "JSESSIONID=$session" "$base/metrics"
scrape_cpu_before=$(jvm_cpu_ms)
scrapes=$(for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' -b "JSESSIONID=$session" "$base/metrics"
done | sort -n | awk 'NR == 3 { printf "%.0f", $1 * 1000 }')
scrape_cpu=$(( ($(jvm_cpu_ms) - scrape_cpu_before) / 5 ))
scrape_bytes=$(curl -s -b "JSESSIONID=$session" "$base/metrics" | wc -c)
printf '%-34s %s ms per scrape (median of 5), %s ms CPU, %s bytes\n' "Metrics" "$scrapes" "$scrape_cpu" "$scrape_bytes"
load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)

cpu_model=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
java_version=$(java -version 2>&1 | head -n 1)
section=$(cat <<EOF
<!-- web-latency:begin -->
## Web panel: latency under load

Measured by \`bench/web-latency.sh\` on $(date -u +%Y-%m-%d): SQLite on tmpfs (\`$shm\`), $(nproc) cores
($cpu_model), $(uname -sr), $java_version; load average $load_before before and $load_after after
(the machine is shared with other builds). Data: $hosts hosts with a schedule (some with their own
alert settings), $((runs_per_host * hosts + 2)) runs (a ~1 KiB log tail each; 3 running, 2 queued) and
$((snaps_per_host * hosts)) snapshot records; host states \`$states\`. The dashboard, the host list and /api/status/
share one decision of every host's state, refreshed in the background each second; /metrics decides it on each scrape. \`pobsync web\` as operators
start it (\`bin/pobsync web\`, serial GC), one logged-in session, \`wrk -t2 -c$connections\`
for ${seconds} s per URL after ${warmup} s of warm-up of every URL, on loopback. Target: p99 under 50 ms.
"Server CPU per request" is the server JVM's CPU time (all threads) during the measurement divided
by the requests served: the cost of a page, independent of the machine's other load.

| Page | p50 | p99 | Requests/s | Server CPU per request | p99 < 50 ms |
|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

\`GET /metrics\` (every host's state and ${scrape_bytes} bytes of series), one scrape at a time as
Prometheus does: ${scrapes} ms (median of 5), ${scrape_cpu} ms of server CPU per scrape.
<!-- web-latency:end -->
EOF
)
doc=docs/benchmarks.md
if grep -q '<!-- web-latency:begin -->' "$doc"; then
    SECTION="$section" awk '/<!-- web-latency:begin -->/ { print ENVIRON["SECTION"]; skip = 1; next }
        /<!-- web-latency:end -->/ { skip = 0; next } !skip { print }' "$doc" >"$doc.tmp"
    mv "$doc.tmp" "$doc"
else
    printf '\n%s\n' "$section" >>"$doc"
fi
say "updated $doc"
