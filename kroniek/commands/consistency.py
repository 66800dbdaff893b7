"""``kroniek consistency``: one rule set for all gold (see :mod:`kroniek.consistency`)."""

from __future__ import annotations

import argparse
import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "consistency", help="find gold annotated differently across documents and splits",
        description="Read the gold of every split of the built dataset and list, one line per "
                    "case with its count: the same surface form or lemma labelled differently "
                    "(type, mention level, trigger or not), triggers of one lemma with different "
                    "event types, clusters that mix types, arguments outside the role table of "
                    "the guidelines (section 3.1), relation-density outliers, and place names "
                    "not spelled the Dutch way. Each line names the guideline rule that decides "
                    "it and is a BREACH (the gold contradicts the rule) or a variation (to be "
                    "read). Exits 1 if there is any breach.")
    parser.add_argument("--dataset", default="dataset", metavar="DIR",
                        help="the built dataset folder (default: dataset)")
    parser.add_argument("--split", action="append", metavar="NAME",
                        help="only this split (repeatable; default: every split)")
    parser.add_argument("--breaches", action="store_true",
                        help="list only rule breaches, not variations")
    parser.add_argument("--json", action="store_true",
                        help="print the findings, per-split breach counts and relation "
                             "densities as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..consistency import breaches_per_split, density, findings
    from ..dataset import load, splits

    names = args.split or splits(args.dataset)
    if not names:
        load(args.dataset)   # says why there is nothing to read
    docs, split_of = [], {}
    for name in names:
        for doc in load(args.dataset, split=name):
            docs.append(doc)
            split_of[doc["id"]] = name
    found = findings(docs, splits=split_of)
    shown = [f for f in found if f.breach or not args.breaches]
    per_split = breaches_per_split(found)
    dens = {n: density(d for d in docs if split_of[d["id"]] == n) for n in names}
    if args.json:
        print(json.dumps({"breaches": {n: per_split.get(n, 0) for n in names},
                          "density": dens, "findings": [f.as_json() for f in shown]},
                         indent=2, ensure_ascii=False))
    else:
        for finding in shown:
            print(finding.line())
        for n in names:
            d = dens[n]
            print(f"{n}: {d['documents']} documents, {per_split.get(n, 0)} breach(es), "
                  f"{d['per_document']:.1f} relations per document, {d['per_event']:.2f} per "
                  f"event, {100 * d['before_share']:.0f}% BEFORE")
    return 1 if per_split else 0
