"""The dataset card (``dataset/README.md``), generated from the schema and the data.

The YAML header is what ``datasets.load_dataset`` reads: ``configs:`` maps each config
and split to its parquet file, ``dataset_info:`` gives the features (ClassLabel names
from :mod:`kroniek.schema`). The body describes the fields and carries per-label
statistics and, where a document was annotated twice, inter-annotator agreement.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from . import schema
from .documents import Document
from .features import CONFIGS, features

NAME = "kroniek"
URL = "https://github.com/kroniek-nlp/kroniek"
LICENSE = "cc-by-4.0"
CITATION = """@misc{kroniek,
  title        = {Kroniek: an annotated dataset and benchmark for events in Dutch news},
  author       = {{The Kroniek contributors}},
  year         = {2026},
  howpublished = {\\url{%s}},
  note         = {Dataset revision %s}
}"""

DESCRIPTION = (
    "Kroniek is an annotated dataset of events in Dutch news: entities (ACE 2005 types plus "
    "NORP and TIME) with mention levels, event triggers of six types with realis, their "
    "arguments, event-event relations (MAVEN-ERE's temporal, causal and subevent families) "
    "and entity and event coreference. It is built from Label Studio exports by the "
    "`kroniek` library; do not edit these files by hand, run `kroniek build`."
)


def header(splits: dict[str, dict[str, tuple[int, int]]]) -> str:
    """The YAML front matter: ``DatasetCardData`` with the configs' data files and, through
    ``DatasetInfosDict``, their features and split sizes."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    card = DatasetCardData(
        language=["nl"], license=LICENSE, pretty_name="Kroniek", multilinguality="monolingual",
        size_categories=["n<1K"], source_datasets=["original"],
        task_categories=["token-classification"], task_ids=["named-entity-recognition"],
        tags=["event-extraction", "named-entity-recognition", "coreference-resolution"],
        configs=[{"config_name": config, **({"default": True} if config == "documents" else {}),
                  "data_files": [{"split": split, "path": f"{config}/{split}.parquet"}
                                 for split in splits[config]]} for config in CONFIGS])
    infos = DatasetInfosDict({
        config: DatasetInfo(features=features(config), config_name=config, splits=SplitDict(
            {split: SplitInfo(name=split, num_bytes=size, num_examples=count)
             for split, (count, size) in splits[config].items()}))
        for config in CONFIGS})
    infos.to_dataset_card_data(card)
    return "---\n" + card.to_yaml() + "\n---"


def statistics(documents: Iterable[Document]) -> dict[str, Counter]:
    """Counts per label of each layer, over ``documents``."""
    stats = {name: Counter() for name in ("entity type", "mention level", "event type", "realis",
                                          "argument role", "event relation", "coreference")}
    for doc in documents:
        kinds = {e["id"]: "entity" for e in doc["entities"]}
        for ent in doc["entities"]:
            stats["entity type"][ent["type"]] += 1
            stats["mention level"][ent["mention"]] += 1
        for ev in doc["events"]:
            stats["event type"][ev["type"]] += 1
            stats["realis"][ev["realis"]] += 1
            for arg in ev["arguments"]:
                stats["argument role"][arg["role"]] += 1
        for rel in doc["relations"]:
            stats["event relation"][rel["type"]] += 1
        for cluster in doc["clusters"]:
            kind = kinds.get(cluster["members"][0], "event")
            stats["coreference"][f"{kind} clusters"] += 1
            stats["coreference"][f"{kind} mentions in clusters"] += len(cluster["members"])
    return stats


def _table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return lines


FICTION = (
    "The articles of origin `constructed` were written for the dataset and are fiction: their "
    "events, quotes and figures are invented. Real places, countries and organisations "
    "occur in them; every person who is quoted or acts is fictional. The article of origin "
    "`news` is a published news article.")

AGREEMENT_COLUMNS = (
    ("entities_strict_f1", "entity F1"), ("triggers_strict_f1", "trigger F1"),
    ("entities_kappa", "entity kappa"), ("triggers_kappa", "trigger kappa"),
    ("arguments_f1", "argument F1"), ("relations_f1", "relation F1"),
    ("coreference_conll_f1", "coref CoNLL F1"))


def _agreement_section(agreement: dict | None, splits_of: dict[str, str]) -> list[str]:
    if not agreement or not agreement.get("pairs"):
        return ["No document has two independent annotations yet."]
    body = ["Documents annotated by two annotators independently, before adjudication "
            "(`kroniek agreement`): F1 scores one annotation against the other with "
            "`kroniek.metrics` (F1 is symmetric); Cohen's kappa is over token IOB2 labels "
            "(scikit-learn). The pooled row scores all pairs together (micro).", ""]
    rows = [(pair["document"], splits_of.get(pair["document"], ""), f"{pair['a']} / {pair['b']}",
             *(f"{pair[key]:.3f}" for key, _ in AGREEMENT_COLUMNS)) for pair in agreement["pairs"]]
    pooled_rows = [(split, p) for split, p in (agreement.get("pooled_by_split") or {}).items()]
    if agreement.get("pooled"):
        pooled_rows.append(("", agreement["pooled"]))
    for split, pooled in pooled_rows:
        rows.append((f"pooled ({pooled['documents']} documents)", split or "all", "",
                     *(f"{pooled[key]:.3f}" for key, _ in AGREEMENT_COLUMNS)))
    body += _table(rows, ("document", "split", "annotators", *(t for _, t in AGREEMENT_COLUMNS)))
    body += ["", "The annotators of the constructed articles are independent instances of an "
             "automated annotator that worked from the guidelines and the article only, never "
             "from the other annotation; the adjudicator then settled every disagreement in "
             "Label Studio (the ground-truth annotation). Agreement between two such "
             "annotators is likely higher than between two people.", "",
             "Caveat for the seed article (`000_a4a166468f182005`): the first version of the "
             "guidelines illustrated every label with examples from it, so its second annotator "
             "saw most of its mentions named in the guidelines; its figures overstate the "
             "agreement to expect on a new article. The guidelines never quote a test article."]
    return body


GUIDELINES_ORIGIN = (
    "Where the guidelines came from: sections 0-8 of `annotations/GUIDELINES.md` were written "
    "on the seed and the train and validation articles, before any test article existed. "
    "Section 9 records the decisions taken while adjudicating the test articles (and two "
    "validation articles), where the two annotations differed and sections 0-8 did not decide. "
    "It quotes no test article, but its decisions came from them: the test gold followed it "
    "first, and the train and validation gold were revised to sections 8-9 afterwards (see "
    "Revisions). The contamination test in `make test` keeps test text out of the systems' "
    "hand-written lists; section 9 does not count as a source for them.")


def revision_rows(text: str) -> list[tuple[str, ...]]:
    """The rows of ``annotations/revisions.tsv``: (document, split, layer, change, detail,
    rule); lines starting with ``#`` are comments."""
    return [tuple(line.split("\t")) for line in text.splitlines()
            if line.strip() and not line.startswith("#") and line.count("\t") == 5]


def _revisions_section(rows: list[tuple[str, ...]]) -> list[str]:
    if not rows:
        return []
    counts = Counter((split, layer, rule) for _, split, layer, _, _, rule in rows)
    body = ["## Revisions", "",
            "The gold was revised in Label Studio to one rule set (guidelines sections 8-9): a "
            "revision annotation, recorded as a revision of the gold it replaces, became the "
            "ground truth; earlier annotations are kept in the exports. "
            "`annotations/revisions.tsv` lists every change; `kroniek consistency` finds what "
            "breaks a rule. Changes per split, layer and rule (`article`: the article's text "
            "was fixed and the changed sentences annotated again):", ""]
    body += _table([(sp, layer, rule, n) for (sp, layer, rule), n in sorted(counts.items())],
                   ("split", "layer", "rule", "changes"))
    test = [r for r in rows if r[1] == "test"]
    body += ["", "Test articles were changed only where a rule was plainly broken or the "
             "article's text was fixed; every such change:" if test else
             "No test article was changed.", ""]
    body += [f"- `{doc}` {layer}: {change} {detail} ({rule})"
             for doc, _, layer, change, detail, rule in test]
    return body + [""]


def render_card(documents: list[Document], *, splits: dict[str, dict[str, tuple[int, int]]],
                revision: str, agreement: dict | None = None,
                placement: dict[str, tuple[str, str]] | None = None,
                revisions: list[tuple[str, ...]] | None = None) -> str:
    """The whole dataset card as Markdown text.

    ``placement`` maps a document id to its ``(split, origin)``; ``revisions`` are the rows
    of ``annotations/revisions.tsv`` (:func:`revision_rows`).
    """
    placement = placement or {}
    split_names = [s for s in ("train", "validation", "test")
                   if any(sp == s for sp, _ in placement.values())]
    by_split = {s: [d for d in documents if placement.get(d["id"], ("",))[0] == s]
                for s in split_names}
    stats = {s: statistics(docs) for s, docs in by_split.items()}
    total = statistics(documents)
    body = ["", f"# Kroniek: events in Dutch news (`{NAME}`)", "", DESCRIPTION, "", FICTION, "",
            f"Dataset revision: `{revision}` (a hash of the data files; results name it).", "",
            "## Loading", "",
            f"The dataset is called `{NAME}`. Installed with its library (`pip install {NAME}`), "
            "it loads without a download and without the Hugging Face Hub:", "",
            "```python", "import kroniek", "",
            'docs = kroniek.load_dataset("documents")   # a DatasetDict, one row per article',
            'ner = kroniek.load_dataset("ner")          # one row per sentence, IOB2 tags',
            'triggers = kroniek.load_dataset("triggers")',
            'gold = kroniek.load(split="test")          # documents with labels as strings',
            "```", "",
            "A copy of this folder loads by its path (give the path, not a bare name, which "
            "`datasets` would look up on the Hub):", "",
            "```python", "from datasets import load_dataset", "",
            f'docs = load_dataset("path/to/{NAME}", "documents")', "```", "",
            "## Configs and splits", ""]
    body += _table([(c, s, n) for c in CONFIGS for s, (n, _) in splits[c].items()],
                   ("config", "split", "rows"))
    origins = sorted({o for _, o in placement.values()})
    body += ["", "Documents per split and origin:", ""]
    body += _table([(s, *(sum(1 for d in by_split[s] if placement[d["id"]][1] == o)
                          for o in origins), len(by_split[s])) for s in split_names],
                   ("split", *origins, "all"))
    body += ["", "`train` is for learning, `validation` for development and tuning (it holds the "
             "seed article, on which the rule baselines' word lists were first written), `test` "
             "is held out: no hand-written list was developed on it and the guidelines never "
             "quote it.", "", GUIDELINES_ORIGIN, "",
             "## Fields", "",
             "`documents`: `id` (the seed file's stem), `text` (the article), `language`, "
             "`origin` (`news` or `constructed`), "
             "`entities` (id, start, end, text, type, mention), `events` (id, start, end, text, "
             "type, realis, arguments: entity_id, role), `relations` (id, head, tail, type; head "
             "and tail are event ids), `clusters` (id, members: coreference chains of entity ids "
             "or of event ids). Offsets are Python string indices, end exclusive: "
             "`text[start:end] == span['text']`.", "",
             "`ner` and `triggers`: one row per sentence (spaCy's blank Dutch pipeline with a "
             "sentencizer; a paragraph break always ends a sentence): `id`, `document_id`, "
             "`tokens`, `ner_tags` or `trigger_tags` (IOB2).", "",
             "## Labels and counts", ""]
    for layer in schema.LAYERS:
        labels = layer.labels if layer.name != "coreference" else tuple(sorted(total[layer.name]))
        body += [f"### {layer.name.capitalize()} ({layer.description})", ""]
        body += _table([(label, *(stats[s][layer.name].get(label, 0) for s in split_names),
                         total[layer.name].get(label, 0)) for label in labels],
                       ("label", *split_names, "all"))
        body.append("")
    body += ["## Inter-annotator agreement", ""]
    body += _agreement_section(agreement, {k: v[0] for k, v in placement.items()})
    body += [""] + _revisions_section(revisions or [])
    body += ["## Provenance", "",
             "Gold comes from Label Studio exports under `annotations/exports/` (the source of "
             "truth) and the articles under `seeds/`; the guidelines are "
             "`annotations/GUIDELINES.md`. Every export is validated before it is built.", "",
             "## License", "",
             "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/): the annotations, the "
             "constructed articles, this card, the guidelines and the labeling config. The "
             "exception is the text of the one article of origin `news` "
             "(`000_a4a166468f182005`), a published news article whose copyright stays with "
             "its publisher; its annotations are CC BY 4.0. The library is MIT. "
             "`LICENSE-DATA.md` in the repository lists every resource.", "",
             "## Citation", "", "```bibtex", CITATION % (URL, revision), "```", ""]
    return header(splits) + "\n" + "\n".join(body)
