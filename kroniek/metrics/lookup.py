"""Reading one score out of :func:`kroniek.metrics.score`'s nested result by its name.

>>> lookup({"entities": {"strict": {"f1": 0.5}}}, "entities.strict")["f1"]
0.5
>>> lookup({"arguments": {"classification+": {"f1": 1.0}}}, "arguments.classification+")
{'f1': 1.0}
"""

from __future__ import annotations


def lookup(scores: dict, key: str) -> dict:
    """``scores["a"]["b"]`` for the dotted name ``"a.b"``; a name may also be stored flat."""
    if key in scores:
        return scores[key]
    head, _, rest = key.partition(".")
    return lookup(scores[head], rest) if rest else scores[head]
