"""``kroniek systems``: the registered systems, what they do and whether they run here."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "systems", help="list the registered systems: id, tasks, trained, available here",
        description="List every registered system (Kroniek's baselines and any installed "
                    "package's, from the entry-point group 'kroniek.systems'): its versioned "
                    "id, the tasks it covers, whether it learns from the dataset (it then "
                    "learns from the train and validation splits), whether it runs on this "
                    "machine and, if not, how to make it so.")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list of objects with id, tasks, trained, available, "
                             "how_to_install (when not available), description, protocol, "
                             "caveat, resources")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..system import describe, names

    rows = [describe(name) for name in names()]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        state = "available" if row["available"] else f"not available: {row['how_to_install']}"
        trained = "trained" if row["trained"] else "rules"
        print(f"{row['id']:{width}}  {trained:7}  {', '.join(row['tasks'])}  ({state})")
    return 0
