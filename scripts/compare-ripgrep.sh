#!/usr/bin/env bash
# Compares the scanner with ripgrep on one generated ECS JSON-lines file.
#
# Usage: scripts/compare-ripgrep.sh [SIZE]
#   SIZE  minimum size of the generated file: bytes, or a number with K, M or G (powers of
#         1024). Default: 1G. Use a small size such as 50M for a smoke test.
#
# ripgrep only searches the lines for the needle list, case-insensitively
# (rg -i -F -f needles.txt). The scanner parses each line as ECS and runs every rule of the
# default profile. So the ratio is the price of parsing and detection over a pure literal
# search. Set WORK_DIR to keep the generated files; by default they go to a temporary
# directory that is removed at the end.
#
# Needs: benchmarks/target/benchmarks.jar and adapters/cli/target/imds-detect.jar, built by
#   mvn -B -q package -pl benchmarks,adapters/cli -am -DskipTests
# and ripgrep, which the script installs with apt-get when it runs as root.
set -euo pipefail

cd "$(dirname "$0")/.."

size_arg="${1:-1G}"
case "$size_arg" in
  *[Kk]) size_bytes=$(( ${size_arg%[Kk]} * 1024 )) ;;
  *[Mm]) size_bytes=$(( ${size_arg%[Mm]} * 1024 * 1024 )) ;;
  *[Gg]) size_bytes=$(( ${size_arg%[Gg]} * 1024 * 1024 * 1024 )) ;;
  *[!0-9]* | '')
    echo "invalid size '$size_arg': expected bytes or a number with K, M or G, such as 50M" >&2
    exit 2
    ;;
  *) size_bytes="$size_arg" ;;
esac

benchmarks_jar=benchmarks/target/benchmarks.jar
scanner_jar=adapters/cli/target/imds-detect.jar
for jar in "$benchmarks_jar" "$scanner_jar"; do
  if [[ ! -f "$jar" ]]; then
    echo "missing $jar: build it with" \
      "mvn -B -q package -pl benchmarks,adapters/cli -am -DskipTests" >&2
    exit 2
  fi
done

if ! command -v rg > /dev/null; then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "ripgrep not found; installing it with apt-get" >&2
    apt-get update -q > /dev/null
    apt-get install -y -q ripgrep > /dev/null
  else
    echo "ripgrep (rg) not found: install it, for example with apt-get install ripgrep" >&2
    exit 2
  fi
fi

if [[ -n "${WORK_DIR:-}" ]]; then
  work_dir="$WORK_DIR"
  mkdir -p "$work_dir"
else
  work_dir="$(mktemp -d)"
  trap 'rm -rf "$work_dir"' EXIT
fi
corpus="$work_dir/events.ndjson"
needles="$work_dir/needles.txt"

echo "generating at least $size_bytes bytes of ECS JSON lines in $corpus"
java -cp "$benchmarks_jar" io.github.imdsdetect.benchmarks.EcsCorpusWriter \
  "$corpus" "$size_bytes" "$needles"

# Prints the seconds since the epoch with nanoseconds.
now() {
  date +%s.%N
}

# Runs a command with its output discarded and prints its wall time in seconds. Exit code 1
# means "found something" for both tools, so only codes above 1 are failures.
time_command() {
  local start end status=0
  start=$(now)
  "$@" > /dev/null || status=$?
  end=$(now)
  if (( status > 1 )); then
    echo "command failed with exit code $status: $*" >&2
    exit "$status"
  fi
  awk -v start="$start" -v end="$end" 'BEGIN { printf "%.3f", end - start }'
}

# Prints the quotient of two numbers.
divide() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'
}

bytes=$(stat -c %s "$corpus")
# Read the file once so that both tools start with it in the page cache.
cat "$corpus" > /dev/null

rg_seconds=$(time_command rg -i -F -f "$needles" "$corpus")
summary="$work_dir/scanner-summary.txt"
scanner_seconds=$(time_command java -jar "$scanner_jar" scan --format ecs "$corpus" 2> "$summary")
rg_lines=$(rg -i -F -c -f "$needles" "$corpus" || true)

printf 'file:      %s bytes, %s lines with a needle (rg -c)\n' "$bytes" "${rg_lines:-0}"
mebibytes=$(divide "$bytes" 1048576)
printf 'ripgrep:   %8.2f s  %8.1f MiB/s  (%s)\n' "$rg_seconds" \
  "$(divide "$mebibytes" "$rg_seconds")" "$(rg --version | head -n 1)"
printf 'scanner:   %8.2f s  %8.1f MiB/s  (java -jar %s scan --format ecs)\n' \
  "$scanner_seconds" "$(divide "$mebibytes" "$scanner_seconds")" "$scanner_jar"
printf 'ratio:     scanner time / ripgrep time = %.1f\n' \
  "$(divide "$scanner_seconds" "$rg_seconds")"
printf 'scanner summary: events %s\n' "$(grep -m 1 '^    with findings: ' "$summary" | sed 's/^ *//')"
