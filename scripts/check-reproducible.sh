#!/usr/bin/env bash
# Checks that the build is reproducible: builds every jar of the reactor twice, from two
# copies of the working tree at different paths, and compares the jars byte for byte by
# SHA-256. Prints each jar that differs, with the entries whose CRC-32 or timestamp differs,
# and exits 1.
#
# Usage: scripts/check-reproducible.sh [MAVEN_ARGS...]
#   Extra arguments go to both Maven runs, for example -o to stay offline, or
#   -Prelease -Dgpg.skip to include the Javadoc jars.
#
# The copies hold the files git tracks plus untracked files that .gitignore does not
# exclude, so uncommitted changes are checked too. Outside a git checkout every file except
# target/ folders is copied. Both runs use the same local Maven repository, which is enough
# here because package installs nothing. Set KEEP_WORK=1 to keep the copies for inspection.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/imds-detect-repro.XXXXXX")
if [[ "${KEEP_WORK:-0}" == 1 ]]; then
  echo "Keeping the build copies in $work"
else
  trap 'rm -rf "$work"' EXIT
fi

copy_tree() {
  local dest=$1
  mkdir -p "$dest"
  if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    (cd "$root" && git ls-files -z --cached --others --exclude-standard \
      | xargs -0 sh -c 'for f in "$@"; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
      | tar --null -T - -cf -) | tar -xf - -C "$dest"
  else
    (cd "$root" && tar --exclude='./target' --exclude='./*/target' --exclude='./*/*/target' \
      -cf - .) | tar -xf - -C "$dest"
  fi
}

# Writes "sha256  path" for every jar that a module build put directly into its target/.
list_jars() {
  (cd "$1" && find . -path '*/target/*.jar' -not -path '*/target/*/*' -print0 \
    | sort -z | xargs -0 sha256sum)
}

# Lists each entry of jar $1 twice: with its CRC-32 (unzip -lv), which shows content changes,
# and with its modification time to the second (zipinfo -T), which shows timestamp changes.
# The first line of each listing names the archive's path and is left out.
describe_jar() {
  unzip -lv "$1" | tail -n +2
  zipinfo -T "$1" | tail -n +2
}

for run in 1 2; do
  tree="$work/build$run"
  echo "Build $run of 2 in $tree"
  copy_tree "$tree"
  (cd "$tree" && mvn -B -ntp -q -DskipTests "$@" package)
  list_jars "$tree" > "$work/sha256-$run.txt"
done

jar_count=$(wc -l < "$work/sha256-1.txt")
if [[ "$jar_count" -eq 0 ]]; then
  echo "No jars were built, so there is nothing to compare." >&2
  exit 1
fi

if diff -q <(awk '{print $2}' "$work/sha256-1.txt") <(awk '{print $2}' "$work/sha256-2.txt") \
  > /dev/null; then
  :
else
  echo "The two builds produced different sets of jars:" >&2
  diff <(awk '{print $2}' "$work/sha256-1.txt") <(awk '{print $2}' "$work/sha256-2.txt") >&2 || true
  exit 1
fi

mismatches=0
while read -r sum1 jar; do
  sum2=$(awk -v jar="$jar" '$2 == jar {print $1}' "$work/sha256-2.txt")
  if [[ "$sum1" != "$sum2" ]]; then
    mismatches=$((mismatches + 1))
    echo "DIFFERS: ${jar#./}"
    diff <(describe_jar "$work/build1/$jar") <(describe_jar "$work/build2/$jar") | head -40 || true
  fi
done < "$work/sha256-1.txt"

if [[ "$mismatches" -gt 0 ]]; then
  echo "$mismatches of $jar_count jars differ between the two builds." >&2
  exit 1
fi
echo "All $jar_count jars are identical in both builds:"
sed 's|  \./|  |' "$work/sha256-1.txt"
