#!/usr/bin/env bash
# Runs core's JMH microbenchmarks (core/src/test/java/**/*Benchmark.java) on the test classpath.
#
# Usage: infra/bench/jmh.sh [JMH options]      e.g. infra/bench/jmh.sh AnswerParsing -prof gc
#   With no options it runs every benchmark with the settings their classes declare; `-h` lists JMH's options.
# Builds core's test classes first (JMH's annotation processor generates the harness at test-compile). Run it on
# a quiet machine and read ratios between benchmarks of one run, as docs/benchmarks.md does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

./mvnw -B -q -pl core test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/core/target/jmh.classpath"
exec java -cp "core/target/test-classes:core/target/classes:$(cat core/target/jmh.classpath)" \
    org.openjdk.jmh.Main "$@"
