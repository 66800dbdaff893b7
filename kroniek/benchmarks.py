"""The benchmarks on real news a user brings (corpora not shipped with Kroniek), declared
once: ``kroniek evaluate`` runs each when its corpus is located, and the leaderboard
writes each one's section from the records on disk.

* EventDNA (real news, events): :mod:`kroniek.eventdna_eval`;
* CoNLL-2002 (names): :mod:`kroniek.conll2002_eval`.
"""

from __future__ import annotations

from typing import Callable, Sequence


def evaluate_all(names: Sequence[str] | None = None, *, dataset="dataset", results="results",
                 n_resamples: int = 1000, seed: int = 0,
                 progress: Callable[[str], None] | None = None) -> list[dict]:
    """Every corpus benchmark whose corpus is located here; their records."""
    from .conll2002_eval import evaluate_conll2002
    from .eventdna_eval import evaluate_eventdna

    return (evaluate_eventdna(names, dataset=dataset, results=results,
                              n_resamples=n_resamples, seed=seed, progress=progress)
            + evaluate_conll2002(names, dataset=dataset, results=results, progress=progress))


def sections(results) -> list[str]:
    """The leaderboard lines of every corpus benchmark with records on disk."""
    from .conll2002_eval import section as conll2002_section
    from .eventdna_eval import section as eventdna_section

    return eventdna_section(results) + conll2002_section(results)
