"""Build the Hugging Face dataset folder from Label Studio exports and seeds.

``annotations/`` (exports) + ``seeds/`` -> ``dataset/``: a dataset card (README.md with
YAML ``configs:`` and ``dataset_info:``) and one parquet file per config and split.
The build is deterministic (the same input gives byte-identical files) and atomic (it
writes a new folder and swaps it in, so a failed build leaves ``dataset/`` as it was).

In steps: ``load_corpus`` validates and converts the exports, ``build_files`` turns the
corpus into ``{relative path: bytes}`` (``README.md``, ``documents/test.parquet``, ...),
and ``build`` compares those with ``dataset/`` and swaps in the new folder.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import atomic
from .agreement import corpus_agreement, independent
from .card import render_card, revision_rows
from .convert import document_id, task_to_document
from .dataset import files_revision
from .documents import Document
from .errors import KroniekError, Problem
from .features import CONFIGS, encode_document, features, tag_index
from .sources import SPLITS, Seed, export_files, read_seeds, read_text
from .tokens import BoundaryError, flat_spans, sentences_many, tag_ids
from .validate import checked_tasks, raise_for


@dataclass
class Corpus:
    """The gold documents with their seeds, and where each came from."""

    documents: list[Document] = field(default_factory=list)
    seeds: dict[str, Seed] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    # Independent annotations of documents annotated several times, for agreement.
    annotations: dict[str, list] = field(default_factory=dict)
    unannotated: list[str] = field(default_factory=list)
    # (document, annotation id) of cancelled annotations: never the gold, always reported.
    cancelled: list[tuple[str, str]] = field(default_factory=list)
    # Rows of annotations/revisions.tsv (changes made by revising the gold), for the card.
    revisions: list[tuple[str, ...]] = field(default_factory=list)

    def split(self, name: str) -> list[Document]:
        return [d for d in self.documents if self.seeds[d["id"]].split == name]


def load_corpus(*, annotations: str | Path = "annotations", seeds: str | Path = "seeds",
                progress: Callable[[str], None] | None = None) -> Corpus:
    """Validate every export under ``annotations`` against ``seeds`` and convert the gold.

    All problems of all files are collected first and raised together, so one run
    shows everything that needs fixing.
    """
    corpus = Corpus(seeds=read_seeds(seeds))
    texts = {k: s.text for k, s in corpus.seeds.items()}
    files = export_files([annotations])
    if progress:
        progress(f"validating {len(files)} export file(s) in {annotations}")
    # One streaming pass holds one task at a time, plus the converted documents and the
    # tasks that agreement needs; nothing is kept if any task has a problem.
    problems: list[Problem] = []
    for path, task in checked_tasks(files, problems=problems, seeds=texts):
        if problems:
            continue
        doc = task_to_document(task, file=path)
        doc_id = document_id(task)
        corpus.cancelled += [(doc_id, str(a.get("id", "?"))) for a in task.get("annotations") or []
                             if a.get("was_cancelled")]
        if doc is None:
            corpus.unannotated.append(doc_id)
            continue
        doc["origin"] = corpus.seeds[doc_id].origin
        corpus.files[doc_id] = path  # validation ensures one annotated task per document
        if sum(not a.get("was_cancelled") for a in task.get("annotations") or []) > 1:
            corpus.annotations[doc_id] = independent(task)
        corpus.documents.append(doc)
    raise_for(problems)
    corpus.documents.sort(key=lambda d: d["id"])
    log = Path(annotations) / "revisions.tsv"
    if os.path.lexists(log):  # a link or special file is refused (kroniek.guard), not skipped
        corpus.revisions = revision_rows(read_text(log))
    return corpus


def sentence_rows(corpus: Corpus, documents: list[Document]) -> tuple[dict, dict]:
    """Columns of the ``ner`` and ``triggers`` configs, one row per sentence."""
    ids, doc_ids, tokens, ner_tags, trigger_tags = [], [], [], [], []
    all_sentences = sentences_many([d["text"] for d in documents])
    for doc, sents in zip(documents, all_sentences):
        text = doc["text"]
        events = [(v["start"], v["end"], v["type"]) for v in doc["events"]]
        flat = flat_spans(events)
        try:
            ner = tag_ids(sents, [(e["start"], e["end"], e["type"]) for e in doc["entities"]],
                          tag_index("ner"))
            triggers = tag_ids(sents, flat, tag_index("triggers"))
            tag_ids(sents, set(events) - set(flat), tag_index("triggers"))  # nested: checked only
        except BoundaryError as exc:
            raise KroniekError(Problem(f"{exc}: annotate whole tokens of one sentence (spaCy's "
                                       "Dutch tokenizer)", file=corpus.files.get(doc["id"]),
                                       document=doc["id"])) from None
        ids += [f"{doc['id']}:s{n}" for n in range(1, len(sents) + 1)]
        doc_ids += [doc["id"]] * len(sents)
        tokens += [[text[s:e] for s, e in sent.tokens] for sent in sents]
        ner_tags += ner
        trigger_tags += triggers
    base = {"id": ids, "document_id": doc_ids, "tokens": tokens}
    return {**base, "ner_tags": ner_tags}, {**base, "trigger_tags": trigger_tags}



def parquet_bytes(rows: list[dict] | dict[str, list], config: str) -> tuple[bytes, int]:
    """Deterministic parquet bytes for ``config``'s rows (a list of rows, or columns by
    name), and the Arrow size in bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = features(config).arrow_schema
    table = (pa.Table.from_pydict(rows, schema=schema) if isinstance(rows, dict)
             else pa.Table.from_pylist(rows, schema=schema))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue(), table.nbytes


def build_files(corpus: Corpus) -> dict[str, bytes]:
    """Every file of the dataset folder, by relative path, from a loaded corpus."""
    if not corpus.documents:
        raise KroniekError("no annotated documents: annotate a task in Label Studio and "
                           "'kroniek labelstudio pull' first")
    files: dict[str, bytes] = {}
    splits: dict[str, dict[str, tuple[int, int]]] = {config: {} for config in CONFIGS}
    for split in SPLITS:
        docs = corpus.split(split)
        if not docs:
            continue
        ner, triggers = sentence_rows(corpus, docs)
        rows = {"documents": [encode_document(d) for d in docs], "ner": ner, "triggers": triggers}
        for config in CONFIGS:
            files[f"{config}/{split}.parquet"], size = parquet_bytes(rows[config], config)
            splits[config][split] = (len(docs) if config == "documents" else len(ner["id"]), size)
    placement = {d["id"]: (corpus.seeds[d["id"]].split, corpus.seeds[d["id"]].origin)
                 for d in corpus.documents}
    annotated = {k: corpus.annotations[k] for k in sorted(corpus.annotations)}
    agreement = corpus_agreement(annotated.values())
    agreement["pooled_by_split"] = {
        split: pooled for split in SPLITS
        if (pooled := corpus_agreement(a for k, a in annotated.items()
                                       if placement[k][0] == split).get("pooled"))}
    card = render_card(corpus.documents, splits=splits, revision=files_revision(files),
                       agreement=agreement, placement=placement, revisions=corpus.revisions)
    files["README.md"] = card.encode("utf-8")
    return files


def stale_files(target: Path, files: dict[str, bytes]) -> list[str]:
    """Paths that differ between ``target`` and ``files`` (missing, extra or changed)."""
    current = atomic.read_tree(target)
    return sorted(name for name in set(current) | set(files) if current.get(name) != files.get(name))


def build(*, annotations: str | Path = "annotations", seeds: str | Path = "seeds",
          output: str | Path = "dataset", check: bool = False, allow_removal: bool = False,
          progress: Callable[[str], None] | None = None) -> list[str]:
    """Build (or with ``check``, compare) the dataset folder; returns the changed paths.

    With ``check``, raises :class:`KroniekError` when ``output`` is stale. A document of
    the current ``output`` that the new build would not hold (its export deleted, or no
    annotation left) is refused unless ``allow_removal``: no document leaves the dataset
    unless the command says so. Cancelled annotations and tasks not annotated yet are
    reported through ``progress``.
    """
    progress = progress or (lambda message: print(message, file=sys.stderr))
    corpus = load_corpus(annotations=annotations, seeds=seeds, progress=progress)
    if corpus.cancelled:
        progress(f"{len(corpus.cancelled)} cancelled annotation(s) not used: "
                 + _listed(f"{doc} (annotation {ann})" for doc, ann in corpus.cancelled))
    if corpus.unannotated:
        progress(f"{len(corpus.unannotated)} task(s) not annotated yet, not in the dataset: "
                 + _listed(corpus.unannotated))
    progress(f"converting {len(corpus.documents)} annotated documents")
    files = build_files(corpus)
    changed = stale_files(Path(output), files)
    if check:
        if changed:
            raise KroniekError(Problem(f"{output}/ is stale: {', '.join(changed[:5])}"
                                       f"{' ...' if len(changed) > 5 else ''} differ; run "
                                       "'kroniek build' and commit the result", file=str(output)))
        return []
    leaving = sorted(dataset_ids(Path(output)) - {d["id"] for d in corpus.documents})
    if leaving and not allow_removal:
        raise KroniekError(Problem(
            f"{len(leaving)} document(s) of the dataset would leave it: {_listed(leaving)}; "
            "their exports are gone or hold no annotation any more. Restore them, or run "
            "'kroniek build --allow-removal' to remove them; nothing was written",
            file=str(output)))
    if changed:
        atomic.write_tree(output, files)
    return changed


def _listed(items, first: int = 5) -> str:
    items = list(items)
    return ", ".join(items[:first]) + (f" and {len(items) - first} more" if len(items) > first
                                       else "")


def dataset_ids(output: Path) -> set[str]:
    """The document ids of the dataset folder being replaced (none if it has none, or
    its files cannot be read: a damaged dataset is what a build repairs)."""
    import pyarrow.parquet as pq

    ids: set[str] = set()
    for path in sorted((output / "documents").glob("*.parquet")):
        try:
            ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
        except Exception:  # damaged or foreign: replaced by this build in any case
            continue
    return ids
