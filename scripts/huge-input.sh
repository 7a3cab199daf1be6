#!/usr/bin/env bash
# Scans very large inputs with the scanner jar under a 64 MiB heap, to check that memory stays
# bounded and that nothing is lost around hostile lines:
#
#   - an auditd log and an ECS JSON-lines log of about SIZE_MB MiB each, with several single
#     lines of many MiB, each followed by a metadata access that must still be found;
#   - a gzip copy of each, which must give the same counts;
#   - a gzip bomb: a few MiB that expand to several GiB of one line, followed by a metadata
#     access line, which must be cut and counted, not buffered.
#
# Usage: scripts/huge-input.sh [SIZE_MB]
#   SIZE_MB  approximate size of each generated log in MiB (default 200; a full run is 4096)
#
# Needs the scanner jar, adapters/cli/target/imds-detect.jar (build it with
# "mvn -pl adapters/cli -am package"), java, gzip, awk and free space in /tmp of about three
# times SIZE_MB. Every generated file lives in one directory under /tmp that is deleted at the
# end. Prints one PASS or FAIL line per check and exits 1 if any check failed, 2 if the run
# could not start.
set -euo pipefail

readonly MIB=$((1024 * 1024))
SIZE_MB="${1:-200}"
if ! [[ "$SIZE_MB" =~ ^[0-9]+$ ]] || ((SIZE_MB < 16)); then
  echo "error: SIZE_MB must be a whole number of at least 16, was '$SIZE_MB'" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/adapters/cli/target/imds-detect.jar"
HEAP="-Xmx64m"

# Single lines of many MiB: three per log, each HUGE_LINE_MB long, at most 50 MiB and at most
# an eighth of the log.
HUGE_LINES=3
HUGE_LINE_MB=$((SIZE_MB / 8 < 50 ? SIZE_MB / 8 : 50))
# The bomb expands to BOMB_MB of one line: 4 GiB by default and twice SIZE_MB for larger runs.
BOMB_MB=$((SIZE_MB * 2 > 4096 ? SIZE_MB * 2 : 4096))
# The bomb is one gzip member of BOMB_MEMBER_MB repeated: gzip readers, Java's GZIPInputStream
# included, decode concatenated members as one stream, so the bomb takes seconds to build.
BOMB_MEMBER_MB=64

if [[ ! -f "$JAR" ]]; then
  echo "error: scanner jar not found at $JAR; build it with: mvn -pl adapters/cli -am package" >&2
  exit 2
fi
for tool in java gzip awk head tr df; do
  if ! command -v "$tool" > /dev/null; then
    echo "error: $tool not found on PATH" >&2
    exit 2
  fi
done
free_mb=$(df -Pm /tmp | awk 'NR == 2 { print $4 }')
if ((free_mb < SIZE_MB * 3)); then
  echo "error: /tmp has $free_mb MiB free, but a run of SIZE_MB=$SIZE_MB needs about $((SIZE_MB * 3)) MiB" >&2
  exit 2
fi

WORK="$(mktemp -d /tmp/imds-huge-input.XXXXXX)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

failures=0
checks=0

pass() {
  checks=$((checks + 1))
  echo "PASS $*"
}

fail() {
  checks=$((checks + 1))
  failures=$((failures + 1))
  echo "FAIL $*"
}

# Prints the number of lines as the scanner counts them: line feeds, plus one for a last line
# without a line feed.
physical_lines() {
  local file="$1" count last
  count=$(wc -l < "$file")
  last=$(tail -c 1 "$file" | od -An -c | tr -d ' ')
  if [[ -s "$file" && "$last" != '\n' ]]; then
    count=$((count + 1))
  fi
  echo "$count"
}

# Prints the value of one summary line, such as "lines read", from a scan's standard error.
summary_value() {
  local label="$1" err="$2"
  awk -v label="  $label: " 'index($0, label) == 1 { print substr($0, length(label) + 1); exit }' "$err"
}

# Writes COUNT bytes of the letter A to standard output.
letters() {
  head -c "$1" /dev/zero | tr '\0' 'A'
}

# Writes one auditd event in which curl fetches instance credentials. SERIAL makes the event
# distinct. MARKER, when given, is the host name, so that its finding can be found in the output.
auditd_event() {
  local serial="$1" marker="${2:-web-01}"
  printf 'node=%s type=SYSCALL msg=audit(1710254041.337:%d): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffd a2=10 a3=0 items=0 ppid=2101 pid=2202 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="curl" exe="/usr/bin/curl" key="imds"\n' "$marker" "$serial"
  printf 'node=%s type=EXECVE msg=audit(1710254041.337:%d): argc=2 a0="curl" a1="http://169.254.169.254/latest/meta-data/iam/security-credentials/"\n' "$marker" "$serial"
  printf 'node=%s type=SOCKADDR msg=audit(1710254041.337:%d): saddr=02000050A9FEA9FE0000000000000000\n' "$marker" "$serial"
  printf 'node=%s type=EOE msg=audit(1710254041.337:%d): \n' "$marker" "$serial"
}

# Writes one ECS document, on one line, in which curl fetches instance credentials.
ecs_event() {
  local marker="${1:-web-01}"
  printf '{"@timestamp":"2026-11-30T09:14:02.311Z","ecs":{"version":"8.11.0"},"host":{"name":"%s"},"user":{"name":"app"},"process":{"name":"curl","executable":"/usr/bin/curl","command_line":"curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/"},"event":{"category":["process"],"type":["start"]}}\n' "$marker"
}

# Writes a chunk of about 1 MiB of ordinary auditd events, one in 50 of them a metadata access.
auditd_chunk() {
  awk -v base="$1" 'BEGIN {
    for (i = 0; i < 3590; i++) {
      serial = base + i
      if (i % 50 == 0) { comm = "curl"; arg = "http://169.254.169.254/latest/meta-data/" }
      else { comm = "ls"; arg = "/var/log/app-" i ".log" }
      printf "type=SYSCALL msg=audit(1710254041.%03d:%d): arch=c000003e syscall=59 success=yes exit=0 ppid=2101 pid=%d auid=1000 uid=1000 comm=\"%s\" exe=\"/usr/bin/%s\"\n", i % 1000, serial, 3000 + i, comm, comm
      printf "type=EXECVE msg=audit(1710254041.%03d:%d): argc=2 a0=\"%s\" a1=\"%s\"\n", i % 1000, serial, comm, arg
      printf "type=EOE msg=audit(1710254041.%03d:%d): \n", i % 1000, serial
    }
  }'
}

# Writes a chunk of about 1 MiB of ECS documents, one per line, one in 50 a metadata access.
ecs_chunk() {
  awk 'BEGIN {
    for (i = 0; i < 5375; i++) {
      if (i % 50 == 0) { name = "curl"; cmd = "curl http://169.254.169.254/latest/meta-data/" }
      else { name = "ls"; cmd = "ls -l /var/log/app-" i ".log" }
      printf "{\"@timestamp\":\"2026-11-30T09:%02d:%02d.000Z\",\"ecs\":{\"version\":\"8.11.0\"},\"host\":{\"name\":\"web-%d\"},\"process\":{\"name\":\"%s\",\"command_line\":\"%s\"},\"event\":{\"category\":[\"process\"]}}\n", (i / 60) % 60, i % 60, i % 7, name, cmd
    }
  }'
}

# Writes a log of about SIZE_MB MiB to FILE from chunks made by CHUNK_FUNCTION, with
# HUGE_LINES single lines of HUGE_LINE_MB MiB spread over it. After each huge line comes a
# metadata access whose host name is after-huge-line-N.
write_log() {
  local file="$1" chunk_function="$2" huge_line_function="$3" event_function="$4"
  local chunk="$WORK/chunk" chunks i
  "$chunk_function" 1000000 > "$chunk"
  chunks=$((SIZE_MB - HUGE_LINES * HUGE_LINE_MB))
  : > "$file"
  for ((i = 0; i < chunks; i++)); do
    cat "$chunk" >> "$file"
    if ((i % (chunks / HUGE_LINES + 1) == 0)); then
      local n=$((i / (chunks / HUGE_LINES + 1) + 1))
      "$huge_line_function" >> "$file"
      "$event_function" "after-huge-line-$n" >> "$file"
    fi
  done
  rm -f "$chunk"
}

auditd_huge_line() {
  printf 'type=EXECVE msg=audit(1710254041.999:999999): argc=2 a0="curl" a1="'
  letters $((HUGE_LINE_MB * MIB))
  printf '"\n'
}

ecs_huge_line() {
  printf '{"@timestamp":"2026-11-30T09:14:02.311Z","process":{"name":"curl","command_line":"curl '
  letters $((HUGE_LINE_MB * MIB))
  printf '"}}\n'
}

auditd_marker_event() {
  auditd_event $((RANDOM + 2000000)) "$1"
}

ecs_marker_event() {
  ecs_event "$1"
}

# Runs the scanner on FILE as FORMAT. Sets RC, OUT and ERR, and prints the command.
scan() {
  local format="$1" file="$2" name="$3"
  OUT="$WORK/$name.out"
  ERR="$WORK/$name.err"
  local command=(java "$HEAP" -XX:+ExitOnOutOfMemoryError -jar "$JAR" scan --format "$format" "$file")
  echo "---- $name: ${command[*]}"
  set +e
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "%M" -o "$WORK/$name.rss" "${command[@]}" > "$OUT" 2> "$ERR"
    RC=$?
    echo "     peak resident memory: $(($(tail -n 1 "$WORK/$name.rss") / 1024)) MiB (heap capped at 64 MiB)"
  else
    "${command[@]}" > "$OUT" 2> "$ERR"
    RC=$?
  fi
  set -e
}

# Checks the exit status and the summary of the last scan. Exit status 0 (no findings) or 1
# (findings) means the file was read to its end. Status 2 means it could not be read, and 3 is
# an internal error, which -XX:+ExitOnOutOfMemoryError also gives.
check_scan() {
  local name="$1" expected_lines="$2"
  SUMMARY_LINES="" SUMMARY_EVENTS="" SUMMARY_SKIPPED="" SUMMARY_IGNORED="" SUMMARY_TRUNCATED=""

  if [[ "$RC" == 0 || "$RC" == 1 ]]; then
    pass "$name: exit status $RC"
  else
    fail "$name: exit status $RC, expected 0 or 1; last lines of standard error:"
    tail -n 5 "$ERR" | sed 's/^/       /'
  fi
  if grep -q 'OutOfMemoryError' "$ERR"; then
    fail "$name: the scanner ran out of memory under $HEAP"
  fi

  local lines events skipped ignored truncated
  lines=$(summary_value "lines read" "$ERR")
  events=$(summary_value "events" "$ERR")
  skipped=$(summary_value "skipped records" "$ERR")
  ignored=$(summary_value "ignored records" "$ERR")
  truncated=$(summary_value "lines truncated" "$ERR")
  if [[ -z "$lines" || -z "$events" || -z "$skipped" || -z "$ignored" || -z "$truncated" ]]; then
    fail "$name: the summary on standard error lacks lines read, events, skipped records, ignored records or lines truncated"
    return
  fi

  # The lines read are broken down into five uses, which must add up to them.
  local use count accounted=0
  for use in "in events" "in ignored records" "skipped" "blank" "header or comment"; do
    count=$(summary_value "  $use" "$ERR")
    accounted=$((accounted + ${count:-0}))
  done
  if [[ "$accounted" == "$lines" ]]; then
    pass "$name: the line breakdown adds up to the $lines lines read"
  else
    fail "$name: the line breakdown adds up to $accounted, not to the $lines lines read"
  fi

  echo "     summary: lines read $lines, events $events, skipped $skipped, ignored $ignored, truncated $truncated"
  if [[ "$lines" == "$expected_lines" ]]; then
    pass "$name: lines read $lines equals the file's $expected_lines lines"
  else
    fail "$name: lines read $lines, but the file has $expected_lines lines"
  fi

  SUMMARY_EVENTS=$events
  SUMMARY_SKIPPED=$skipped
  SUMMARY_IGNORED=$ignored
  SUMMARY_TRUNCATED=$truncated
  SUMMARY_LINES=$lines
}

# Checks that the output of the last scan has a finding for each marker host name.
check_markers() {
  local name="$1"
  shift
  local marker
  for marker in "$@"; do
    if grep -q "\"$marker\"" "$OUT"; then
      pass "$name: the metadata access on host $marker was found"
    else
      fail "$name: no finding for the metadata access on host $marker"
    fi
  done
}

at_least() {
  local name="$1" label="$2" value="$3" minimum="$4"
  if ((value >= minimum)); then
    pass "$name: $label $value >= $minimum"
  else
    fail "$name: $label $value, expected at least $minimum"
  fi
}

markers=()
for ((n = 1; n <= HUGE_LINES; n++)); do
  markers+=("after-huge-line-$n")
done

echo "Generating logs of about $SIZE_MB MiB each in $WORK, with $HUGE_LINES lines of $HUGE_LINE_MB MiB"
write_log "$WORK/audit.log" auditd_chunk auditd_huge_line auditd_marker_event
write_log "$WORK/ecs.ndjson" ecs_chunk ecs_huge_line ecs_marker_event
gzip -1 -c "$WORK/audit.log" > "$WORK/audit.log.gz"
gzip -1 -c "$WORK/ecs.ndjson" > "$WORK/ecs.ndjson.gz"

echo "Generating a gzip bomb that expands to $BOMB_MB MiB of one line"
letters $((BOMB_MEMBER_MB * MIB)) | gzip -9 > "$WORK/member.gz"
for ((i = 0; i < BOMB_MB / BOMB_MEMBER_MB; i++)); do
  cat "$WORK/member.gz"
done > "$WORK/bomb-body.gz"
rm -f "$WORK/member.gz"
{
  cat "$WORK/bomb-body.gz"
  printf '\n' | gzip -9
  auditd_event 3000000 after-bomb | gzip -9
} > "$WORK/bomb-auditd.gz"
{
  ecs_event before-bomb | gzip -9
  cat "$WORK/bomb-body.gz"
  printf '\n' | gzip -9
  ecs_event after-bomb | gzip -9
} > "$WORK/bomb-ecs.gz"
rm -f "$WORK/bomb-body.gz"
echo "     bomb: $(($(stat -c %s "$WORK/bomb-ecs.gz") / 1024)) KiB compressed"

audit_lines=$(physical_lines "$WORK/audit.log")
ecs_lines=$(physical_lines "$WORK/ecs.ndjson")

scan auditd "$WORK/audit.log" auditd
check_scan auditd "$audit_lines"
check_markers auditd "${markers[@]}"
at_least auditd "lines truncated" "${SUMMARY_TRUNCATED:-0}" "$HUGE_LINES"
audit_summary="$SUMMARY_LINES/$SUMMARY_EVENTS/$SUMMARY_SKIPPED/$SUMMARY_IGNORED"

scan auditd "$WORK/audit.log.gz" auditd-gzip
check_scan auditd-gzip "$audit_lines"
if [[ "$SUMMARY_LINES/$SUMMARY_EVENTS/$SUMMARY_SKIPPED/$SUMMARY_IGNORED" == "$audit_summary" ]]; then
  pass "auditd-gzip: the same lines, events, skips and ignores as the uncompressed file"
else
  fail "auditd-gzip: counts $SUMMARY_LINES/$SUMMARY_EVENTS/$SUMMARY_SKIPPED/$SUMMARY_IGNORED (lines/events/skipped/ignored) differ from the uncompressed file's $audit_summary"
fi

scan ecs "$WORK/ecs.ndjson" ecs
check_scan ecs "$ecs_lines"
check_markers ecs "${markers[@]}"
at_least ecs "lines truncated" "${SUMMARY_TRUNCATED:-0}" "$HUGE_LINES"
# In JSON lines without blank lines every line is an event, a skip or an ignore.
accounted=$((SUMMARY_EVENTS + SUMMARY_SKIPPED + SUMMARY_IGNORED))
if [[ "$accounted" == "$SUMMARY_LINES" ]]; then
  pass "ecs: lines read $SUMMARY_LINES = events + skipped + ignored"
else
  fail "ecs: lines read $SUMMARY_LINES != events $SUMMARY_EVENTS + skipped $SUMMARY_SKIPPED + ignored $SUMMARY_IGNORED"
fi
ecs_summary="$SUMMARY_LINES/$SUMMARY_EVENTS/$SUMMARY_SKIPPED/$SUMMARY_IGNORED"

scan ecs "$WORK/ecs.ndjson.gz" ecs-gzip
check_scan ecs-gzip "$ecs_lines"
if [[ "$SUMMARY_LINES/$SUMMARY_EVENTS/$SUMMARY_SKIPPED/$SUMMARY_IGNORED" == "$ecs_summary" ]]; then
  pass "ecs-gzip: the same lines, events, skips and ignores as the uncompressed file"
else
  fail "ecs-gzip: counts $SUMMARY_LINES/$SUMMARY_EVENTS/$SUMMARY_SKIPPED/$SUMMARY_IGNORED (lines/events/skipped/ignored) differ from the uncompressed file's $ecs_summary"
fi

# The auditd bomb is one line of BOMB_MB MiB and then the 4 lines of an auditd event. The ECS
# bomb is that line between two documents, because an ECS file whose first line is not a JSON
# object is read as one JSON document rather than as JSON lines.
scan auditd "$WORK/bomb-auditd.gz" bomb-auditd
check_scan bomb-auditd 5
at_least bomb-auditd "lines truncated" "${SUMMARY_TRUNCATED:-0}" 1
at_least bomb-auditd "skipped records" "${SUMMARY_SKIPPED:-0}" 1
check_markers bomb-auditd after-bomb

scan ecs "$WORK/bomb-ecs.gz" bomb-ecs
check_scan bomb-ecs 3
at_least bomb-ecs "lines truncated" "${SUMMARY_TRUNCATED:-0}" 1
at_least bomb-ecs "skipped records" "${SUMMARY_SKIPPED:-0}" 1
check_markers bomb-ecs before-bomb after-bomb

echo "----"
if ((failures == 0)); then
  echo "PASS all $checks checks (SIZE_MB=$SIZE_MB)"
  exit 0
fi
echo "FAIL $failures of $checks checks (SIZE_MB=$SIZE_MB)"
exit 1
