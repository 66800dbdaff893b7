"""Agreement between annotators of the same documents.

For a task annotated independently by several people, each pair of annotations is
compared with :func:`kroniek.metrics.score`: entity and trigger span F1 under
nervaluate's strict scheme (same offsets and type) and partial scheme (overlapping
offsets count half, types ignored), argument, event relation and coreference (CoNLL) F1 and Cohen's kappa on token IOB2 labels (scikit-learn), plus the
disagreements with their text. Span F1 is symmetric, so which annotator plays gold does
not matter.

To adjudicate: in Label Studio open the task, fix one annotation so that it is the
agreed version, mark it as ground truth (the star in the annotation's menu), then
``kroniek labelstudio pull``. The build uses the ground-truth annotation as gold.
Where the adjudicated version is a separate annotation (three or more annotations, one
of them ground truth), agreement is computed between the others only, so the figures
are those of the independent annotations before adjudication.
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterable

from .convert import annotation_documents
from .documents import Document
from .errors import KroniekError, Problem
from .tokens import BoundaryError, encode_bio_each, sentences

Span = tuple[int, int, str]


def _spans(doc: Document, layer: str) -> list[Span]:
    return sorted((s["start"], s["end"], s["type"]) for s in doc[layer])


# Figures reported per pair of annotations: (name, score key of kroniek.metrics.score).
FIGURES = (
    ("entities_strict_f1", "entities.strict"), ("entities_partial_f1", "entities.partial"),
    ("arguments_f1", "arguments.classification"), ("relations_f1", "relations"),
    ("coreference_conll_f1", "coreference.conll"),
)


def token_labels(doc: Document, layer: str) -> list[str]:
    """IOB2 labels of every token of ``doc`` for ``layer`` (entities or events)."""
    spans = _spans(doc, layer)
    return [tag for tags in encode_bio_each([s.tokens for s in sentences(doc["text"])], spans)
            for tag in tags]


def disagreements(a: Document, b: Document, layer: str) -> list[str]:
    """Spans in one annotation and not the other, as readable lines."""
    sa, sb = set(_spans(a, layer)), set(_spans(b, layer))
    text = a["text"]
    return ([f"only A: {text[s:e]!r} {t} @{s}-{e}" for s, e, t in sorted(sa - sb)]
            + [f"only B: {text[s:e]!r} {t} @{s}-{e}" for s, e, t in sorted(sb - sa)])


def pair_agreement(a: Document | list[Document], b: Document | list[Document]) -> dict:
    """Agreement figures between two annotations of the same document (or two parallel
    lists of documents, pooled): F1 of ``b`` scored against ``a`` by
    :func:`kroniek.metrics.score` (symmetric for F1), and Cohen's kappa on token labels."""
    from sklearn.metrics import cohen_kappa_score

    from .metrics import score
    from .metrics.spans import span_scores

    docs_a, docs_b = (a, b) if isinstance(a, list) else ([a], [b])
    report = score(docs_a, docs_b, check=False)  # annotations, checked when they were read
    result: dict = {name: report[key].f1 for name, key in FIGURES}
    triggers = span_scores(*([(d["id"], *span) for d in docs for span in _spans(d, "events")]
                             for docs in (docs_a, docs_b)))
    result["triggers_strict_f1"] = triggers["strict"].f1
    result["triggers_partial_f1"] = triggers["partial"].f1
    for layer, key in (("entities", "entities"), ("events", "triggers")):
        ta = [t for d in docs_a for t in token_labels(d, layer)]
        tb = [t for d in docs_b for t in token_labels(d, layer)]
        result[f"{key}_kappa"] = float(cohen_kappa_score(ta, tb)) if len(set(ta + tb)) > 1 else 1.0
        result[f"{key}_disagreements"] = [line for da, db in zip(docs_a, docs_b)
                                          for line in disagreements(da, db, layer)]
    return result


def independent(task: dict) -> list[tuple[str, Document]]:
    """The independent annotations of one task as ``(annotator, document)`` pairs: every
    non-cancelled annotation, less revisions (an annotation with a ``parent_annotation``,
    made from another one, see ``scripts/import_annotation.py --revises``) and less the
    ground truth when that is a separate, third one. The ground truth a revision replaced
    counts as that third one."""
    annotated = annotation_documents(task)
    live = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    ids = {a.get("id"): n for n, a in enumerate(live)}
    revisions = {n for n, a in enumerate(live) if a.get("parent_annotation") is not None}
    truth = [n for n, a in enumerate(live) if a.get("ground_truth")]
    seen = set()
    while len(truth) == 1 and truth[0] in revisions and truth[0] not in seen:
        seen.add(truth[0])   # follow a revision back to the gold it revised
        parent = ids.get(live[truth[0]].get("parent_annotation"))
        truth = [parent] if parent is not None else []
    keep = [n for n in range(len(live)) if n not in revisions]
    if len(keep) >= 3 and len(truth) == 1 and truth[0] in keep:
        keep.remove(truth[0])
    return [annotated[n] for n in keep]


def document_agreement(annotated: list[tuple[str, Document]]) -> list[dict]:
    """Pairwise agreement between the annotations of one document."""
    pairs = []
    for (name_a, doc_a), (name_b, doc_b) in combinations(annotated, 2):
        try:
            figures = pair_agreement(doc_a, doc_b)
        except BoundaryError as exc:
            raise KroniekError(Problem(f"annotations by {name_a} or {name_b}: {exc}",
                                       document=doc_a["id"])) from None
        pairs.append({"document": doc_a["id"], "a": name_a, "b": name_b, **figures})
    return pairs


def task_agreement(task: dict) -> list[dict]:
    """Pairwise agreement between the independent annotations of one task."""
    return document_agreement(independent(task))


def corpus_agreement(annotated: Iterable[list[tuple[str, Document]]]) -> dict:
    """Agreement over every document with two or more annotations: ``{"pairs": [...],
    "pooled": {...}}``, where ``pooled`` scores the first two annotations of every document
    together (micro-averaged F1, kappa over all tokens)."""
    annotated = [a for a in annotated if len(a) >= 2]
    pairs = [pair for a in annotated for pair in document_agreement(a)]
    result: dict = {"pairs": pairs}
    if len(annotated) >= 2:
        first = [a[0][1] for a in annotated]
        second = [a[1][1] for a in annotated]
        pooled = pair_agreement(first, second)
        result["pooled"] = {"documents": len(annotated),
                            **{k: v for k, v in pooled.items() if not k.endswith("disagreements")}}
    return result
