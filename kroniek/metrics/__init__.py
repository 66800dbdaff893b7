"""Scores of predicted documents against gold documents (docs/FORMAT.md section 3).

:func:`score` gives every task at once; each family also has its own function, all
built on counts turned into precision, recall and F1 by scikit-learn (:mod:`.counts`):

- entities: nervaluate's strict, exact, partial and type schemes (:mod:`.spans`);
- triggers, arguments (TextEE's definitions) and event relations: matching tuples (:mod:`.sets`);
- coreference: MUC, B-cubed, CEAF-e and the CoNLL average (:mod:`.coref`);
- confidence intervals by resampling sentences (:mod:`.bootstrap`).

>>> from kroniek.documents import new_document, entity
>>> gold = new_document("d1", "IS verloor Mosul.")
>>> gold["entities"] = [entity("e1", gold["text"], 0, 2, "ORG", "NAM"),
...                     entity("e2", gold["text"], 11, 16, "GPE", "NAM")]
>>> pred = {"id": "d1", "entities": [entity("x", gold["text"], 0, 2, "ORG", "NAM")]}
>>> result = score([gold], [pred], tasks=["entities"])
>>> result["entities"]["strict"]["precision"], result["entities"]["strict"]["recall"]
(1.0, 0.5)
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..documents import Document
from .counts import prf
from .tasks import (COREF_SCORES, ENTITY_SCHEMES, SET_METRICS, TASKS, align, coreference_scores,
                    entity_scores, relation_counts, set_task_scores)

__all__ = ["score", "entity_scores", "trigger_scores", "argument_scores", "relation_scores",
           "coreference_scores", "metric_names", "flatten", "TASKS"]


def trigger_scores(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """``identification`` and ``classification`` of event triggers."""
    names = ["triggers.identification", "triggers.classification"]
    return {n.split(".", 1)[1]: r for n, r in set_task_scores(gold, pred, names).items()}


def argument_scores(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """TextEE's argument ``identification``/``classification`` and their ``+`` variants."""
    names = [n for n in SET_METRICS if n.startswith("arguments.")]
    return {n.split(".", 1)[1]: r for n, r in set_task_scores(gold, pred, names).items()}


def relation_scores(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """Event relations matched by head and tail offsets and relation type."""
    return prf(relation_counts(gold, pred))


_FAMILIES = {"entities": entity_scores, "triggers": trigger_scores,
             "arguments": argument_scores, "relations": relation_scores,
             "coreference": coreference_scores}


def score(gold: Sequence[Document], pred: Iterable[Document], *,
          tasks: Iterable[str] | None = None) -> dict:
    """Every score of ``pred`` against ``gold`` (lists of documents in the dataset's shape), nested by task.

    Predicted documents are matched to gold ones by id; a gold document without a
    prediction counts as predicting nothing (check with :mod:`kroniek.predictions` first
    to refuse that). ``tasks`` picks some of :data:`TASKS`.
    """
    tasks = list(TASKS if tasks is None else tasks)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ValueError(f"unknown task {unknown[0]!r}; tasks are {', '.join(TASKS)}")
    gold = list(gold)
    aligned = align(gold, list(pred))
    result: dict = {"documents": len(gold)}
    for task in TASKS:
        if task in tasks:
            result[task] = _FAMILIES[task](gold, aligned)
    return result


def metric_names(tasks: Iterable[str] | None = None) -> list[str]:
    """Dotted names of the headline scores, e.g. ``entities.strict``, ``coreference.conll``."""
    tasks = set(TASKS if tasks is None else tasks)
    names = [f"entities.{s}" for s in ENTITY_SCHEMES] if "entities" in tasks else []
    names += [n for n in SET_METRICS if n.split(".")[0] in tasks]
    names += [f"coreference.{s}" for s in COREF_SCORES] if "coreference" in tasks else []
    return names


def flatten(result: dict) -> dict[str, dict]:
    """``{dotted name: scores}`` for the headline scores in a :func:`score` result."""
    flat = {}
    for name in metric_names():
        node = result
        for part in name.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            flat[name] = node
    return flat
