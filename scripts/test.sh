#!/usr/bin/env bash
# Every test: the Swift suite (rule examples, samples, the corpus, bad inputs, the CLI end to end),
# then the Spark job end to end in local[2] mode (installs pyspark into a virtualenv).
set -euo pipefail
cd "$(dirname "$0")/.."
swift test
bash examples/spark/test_spark.sh
