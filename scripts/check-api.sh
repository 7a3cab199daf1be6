#!/usr/bin/env bash
# Compares the public API of every published jar with a released version, using the
# japicmp-maven-plugin execution that the parent POM configures. Fails on binary- or
# source-incompatible changes and leaves an HTML and Markdown report in each module's
# target/japicmp/.
#
# Usage: scripts/check-api.sh OLD_VERSION [MAVEN_ARGS...]
#   OLD_VERSION  a version of io.github.imdsdetect artifacts that Maven can resolve, normally
#                the previous release on Maven Central
#   MAVEN_ARGS   extra Maven arguments, for example -o, or
#                -Djapicmp.breakBuildOnBinaryIncompatibleModifications=false to report an
#                intended break without failing
#
# A module that did not exist in OLD_VERSION is skipped with a warning.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: $0 OLD_VERSION [MAVEN_ARGS...]" >&2
  echo "OLD_VERSION is missing: give the released version to compare with, e.g. 0.1.0" >&2
  exit 2
fi
old_version=$1
shift

cd "$(dirname "$0")/.."
echo "Comparing the API of this checkout with version $old_version"
mvn -B -ntp -DskipTests -Djapicmp.skip=false "-Djapicmp.oldVersion=$old_version" "$@" verify

echo "Reports:"
find . -path '*/target/japicmp/*.html' -not -path './it/*' | sort
