#!/usr/bin/env bash
# Every test: the layering, function-length and formatting checks, the Swift suite (rule examples, samples,
# the corpus, bad and hostile inputs, the CLI end to end), every shell example of the README run
# and its shown output checked, the review page in headless Chromium (installs chromium), then the
# Spark job end to end in local[2] mode (installs pyspark into a virtualenv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-layers.sh
python3 scripts/long-functions.py Sources/Tiqu
swift format lint --strict --recursive Sources Tests
swift test
python3 scripts/readme-examples.py .build/debug/tiqu
bash scripts/browser-test.sh .build/debug/tiqu
bash examples/spark/test_spark.sh
