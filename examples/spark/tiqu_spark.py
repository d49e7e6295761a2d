#!/usr/bin/env python3
"""Run `tiqu extract` over a crawl with Apache Spark.

Reads pages from a folder of JSONL files (one page per line: {"id":…,"url":…,"html":…} or
{"id":…,"text":…}) or of WARC / WARC.gz files, pipes each partition through
`tiqu extract --jsonl -` (or `tiqu extract FILE` for WARC), and writes the records as text files of
JSON lines to --output. Every input page comes back as exactly one line: its record, or an error
record; tiqu exits 0 when only documents failed, so one bad page never kills the job.

    python tiqu_spark.py --input pages/ --output records/ [--rules my-rules/] [--tiqu /path/to/tiqu]

Runs with any Python that has pyspark; --master defaults to Spark's own (local[*] when run
directly, the cluster's under spark-submit).
"""
import argparse
import os
import shlex
import shutil
import sys
import tarfile
import tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="folder of *.jsonl (or *.warc / *.warc.gz) files")
    ap.add_argument("--output", required=True, help="folder to write the records to (must not exist)")
    ap.add_argument("--rules", help="a folder of rule files layered over the built-in ones")
    ap.add_argument("--tiqu", default=shutil.which("tiqu"), help="the tiqu binary (default: tiqu on PATH)")
    ap.add_argument("--master", help="Spark master URL, e.g. local[2]")
    ap.add_argument("--partitions", type=int, help="partitions to split the input into")
    return ap.parse_args()


def main():
    args = parse_args()
    if not args.tiqu or not os.access(args.tiqu, os.X_OK):
        sys.exit("tiqu_spark: no tiqu binary; pass --tiqu /path/to/tiqu")
    # Executors run the command in their own working folder: name the binary by its absolute path.
    tiqu = os.path.abspath(args.tiqu)

    builder = (SparkSession.builder.appName("tiqu")
               .config("spark.ui.enabled", "false")
               # Name UTF-8 everywhere text crosses a process boundary, or Chinese comes back as '?'.
               .config("spark.driver.extraJavaOptions", "-Dfile.encoding=UTF-8")
               .config("spark.executor.extraJavaOptions", "-Dfile.encoding=UTF-8")
               .config("spark.executorEnv.PYTHONIOENCODING", "utf-8"))
    if args.master:
        builder = builder.master(args.master)
    if os.environ.get("SPARK_LOCAL_IP"):
        host = os.environ["SPARK_LOCAL_IP"]
        builder = builder.config("spark.driver.host", host).config("spark.driver.bindAddress", host)
    spark = builder.getOrCreate()
    sc = spark.sparkContext

    # RDD.pipe's env= replaces the whole environment: give the command what it needs.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    if args.rules:
        # The rules folder travels to the executors as an archive, unpacked as `rules`.
        archive = os.path.join(tempfile.mkdtemp(prefix="tiqu-rules-"), "rules.tgz")
        with tarfile.open(archive, "w:gz") as tar:
            for name in sorted(os.listdir(args.rules)):
                tar.add(os.path.join(args.rules, name), arcname=name)
        sc.addArchive(archive + "#rules")
        # In local mode the command runs in the driver's folder, so point at the unpacked copy by
        # its absolute path; on a cluster each executor's working folder holds `rules`.
        local = sc.master.startswith("local")
        env["TIQU_RULES"] = os.path.join(SparkFiles.getRootDirectory(), "rules") if local else "rules"

    files = sorted(os.path.join(args.input, f) for f in os.listdir(args.input) if not f.startswith("."))
    warcs = [f for f in files if f.endswith((".warc", ".warc.gz"))]
    jsonl = [f for f in files if f.endswith(".jsonl")]
    if warcs and jsonl:
        sys.exit("tiqu_spark: --input holds both WARC and JSONL files; give one kind per run")
    if not warcs and not jsonl:
        sys.exit("tiqu_spark: no *.jsonl or *.warc(.gz) files in " + args.input)

    if jsonl:
        pages = sc.textFile(",".join(os.path.abspath(f) for f in jsonl), minPartitions=args.partitions or sc.defaultParallelism)
        command = [tiqu, "extract", "--jobs", "1", "--jsonl", "-"]
    else:
        # One WARC path per line: tiqu reads each file itself (records stream from disk).
        pages = sc.parallelize([os.path.abspath(f) for f in warcs], args.partitions or len(warcs))
        command = [tiqu, "extract", "--jobs", "1", "--paths-from", "-"]
    records = pages.pipe(" ".join(shlex.quote(c) for c in command), env=env, checkCode=True)
    records.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
