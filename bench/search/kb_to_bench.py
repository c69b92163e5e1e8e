#!/usr/bin/env python3
# The seeded knowledge base as bench_search input (docs/benchmarks.md, "Knowledge search"):
#   build/src/app/haoban seed --data /tmp/bench-kb && build/src/app/haoban kb export /tmp/bench-kb/entries.jsonl --data /tmp/bench-kb
#   python3 bench/search/kb_to_bench.py /tmp/bench-kb/entries.jsonl tests/fixtures/kb/eval.jsonl kb.jsonl questions.jsonl
#   build/bench/search/bench_search --corpus kb.jsonl --queries questions.jsonl --benchmark_filter='Build|Query'
# Entries become {"id": code, "title", "body", "phrasings": variants} (every status and visibility);
# each eval question expects the codes of every entry linked to one of its expected items.
import collections
import json
import sys

export, eval_in, corpus_out, queries_out = sys.argv[1:5]
by_item = collections.defaultdict(list)
with open(export, encoding="utf-8") as f, open(corpus_out, "w", encoding="utf-8") as out:
    for line in f:
        if line.strip():
            e = json.loads(line)
            doc = {"id": e["code"], "title": e["title"], "body": e.get("body", ""), "phrasings": e.get("variants") or []}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            for item in e.get("items") or []:
                by_item[item].append(e["code"])
with open(eval_in, encoding="utf-8") as f, open(queries_out, "w", encoding="utf-8") as out:
    for line in f:
        if line.strip():
            q = json.loads(line)
            expect = sorted({code for item in q["expect"] for code in by_item.get(item, [])})
            out.write(json.dumps({"question": q["question"], "expect": expect}, ensure_ascii=False) + "\n")
