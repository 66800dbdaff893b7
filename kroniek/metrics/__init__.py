"""Scores of predicted documents against gold documents (docs/FORMAT.md section 4).

One engine: every score is counts (:class:`.counts.Counts`, addable) turned into
precision, recall and F1 by scikit-learn; one scorer (:class:`.scorer.Scorer`) takes
documents in batches; one typed, lossless :class:`.report.Report` holds the result; one
table (:data:`.declared.METRICS`) declares the metrics:

- entities: nervaluate's strict, exact, partial and type schemes (:mod:`.spans`);
- triggers, arguments (TextEE's definitions) and event relations: matching tuples (:mod:`.sets`);
- coreference: MUC, B-cubed, CEAF-e and the CoNLL average (:mod:`.coref`);
- confidence intervals by resampling sentences (:mod:`.bootstrap`).

Other scorers (other schemes, other corpora) build on :func:`set_counts` (count matched
items, any hashable tuples, into ``{label: Counts}``), :class:`Counts` (add them up over
documents or batches), :meth:`Score.of` (a Score from counts, with a per-type table) and
:class:`Report` (scores by dotted name, printed and turned into JSON like Kroniek's own):

>>> counts = set_counts([("d", 0, 4, "ATTACK")], [("d", 0, 4, "ATTACK"), ("d", 9, 12, "MOVEMENT")],
...                     label=3)
>>> Report(1, {"mine.events": Score.of(sum(counts.values(), Counts()), per_type=counts)})["mine.events"].f1
0.6666666666666666

>>> from kroniek.documents import new_document, entity
>>> gold = new_document("d1", "IS verloor Mosul.")
>>> gold["entities"] = [entity("e1", gold["text"], 0, 2, "ORG", "NAM"),
...                     entity("e2", gold["text"], 11, 16, "GPE", "NAM")]
>>> pred = {"id": "d1", "entities": [entity("x", gold["text"], 0, 2, "ORG", "NAM")]}
>>> report = score([gold], [pred], tasks=["entities"])
>>> report["entities.strict"].precision, report["entities.strict"].recall
(1.0, 0.5)
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..documents import Document
from .counts import Counts
from .declared import METRICS, RESAMPLABLE, TASKS, metric_names
from .report import Report, Score
from .scorer import Scorer
from .sets import set_counts

__all__ = ["score", "Scorer", "Counts", "Score", "Report", "set_counts", "METRICS",
           "RESAMPLABLE", "metric_names", "TASKS"]


def score(gold: Sequence[Document], pred: Iterable[Document], *,
          tasks: Iterable[str] | None = None, allow_missing: bool = False,
          check: bool = True) -> Report:
    """Every score of ``pred`` against ``gold`` (lists of documents in the dataset's
    shape, labels as strings), as a :class:`Report`.

    Predicted documents are matched to gold ones by id. With ``check`` (the default)
    both lists are first checked as ``kroniek score`` checks files
    (:func:`kroniek.predictions.check`): a gold document without a prediction, an unknown
    label or key, bad offsets ... raise one :class:`~kroniek.errors.KroniekError`;
    ``allow_missing`` scores missing documents as predicting nothing. ``tasks`` picks
    some of :data:`TASKS` (an unknown one is a ``ValueError``).
    """
    from .tasks import align

    scorer = Scorer(tasks)
    gold, pred = list(gold), list(pred)
    if check:
        from ..predictions import check as check_predictions

        check_predictions(gold, pred, allow_missing=allow_missing)
    scorer.add(gold, align(gold, pred))
    return scorer.report()
