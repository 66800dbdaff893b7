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

DESCRIPTION = (
    "Kroniek is an annotated dataset of events in Dutch news: entities (ACE 2005 types plus "
    "NORP and TIME) with mention levels, event triggers of six types with realis, their "
    "arguments, event-event relations (MAVEN-ERE's temporal, causal and subevent families) "
    "and entity and event coreference. It is built from Label Studio exports by the "
    "`kroniek` library; do not edit these files by hand, run `kroniek build`."
)


def _yaml_features(config: str) -> list[str]:
    import yaml
    from datasets.info import DatasetInfo

    info = DatasetInfo(features=features(config))._to_yaml_dict()
    text = yaml.safe_dump(info["features"], sort_keys=False, allow_unicode=True, width=1000)
    return ["  features:"] + ["  " + line for line in text.splitlines()]


def header(splits: dict[str, dict[str, tuple[int, int]]]) -> str:
    lines = ["---", "language:", "- nl", "license: cc-by-4.0", "pretty_name: Kroniek",
             "task_categories:", "- token-classification", "tags:", "- event-extraction",
             "- named-entity-recognition", "- coreference-resolution", "configs:"]
    for config in CONFIGS:
        lines.append(f"- config_name: {config}")
        if config == "documents":
            lines.append("  default: true")
        lines.append("  data_files:")
        for split in splits[config]:
            lines += [f"  - split: {split}", f"    path: {config}/{split}.parquet"]
    lines.append("dataset_info:")
    for config in CONFIGS:
        lines.append(f"- config_name: {config}")
        lines += _yaml_features(config)
        lines.append("  splits:")
        for split, (count, size) in splits[config].items():
            lines += [f"  - name: {split}", f"    num_bytes: {size}", f"    num_examples: {count}"]
    lines.append("---")
    return "\n".join(lines)


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


def render_card(documents: list[Document], *, splits: dict[str, dict[str, tuple[int, int]]],
                revision: str, agreement: dict | None = None) -> str:
    """The whole dataset card as Markdown text."""
    stats = statistics(documents)
    body = ["", "# Kroniek: events in Dutch news", "", DESCRIPTION, "",
            f"Dataset revision: `{revision}` (a hash of the data files; results name it).", "",
            "## Loading", "", "```python", "from datasets import load_dataset", "",
            'docs = load_dataset("dataset", "documents")   # one row per article',
            'ner = load_dataset("dataset", "ner")          # one row per sentence, IOB2 tags',
            'triggers = load_dataset("dataset", "triggers")', "```", "",
            "## Configs and splits", ""]
    body += _table([(c, s, n) for c in CONFIGS for s, (n, _) in splits[c].items()],
                   ("config", "split", "rows"))
    body += ["", "## Fields", "",
             "`documents`: `id` (the seed file's stem), `text` (the article), `language`, "
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
        counter = stats[layer.name]
        labels = layer.labels if layer.name != "coreference" else tuple(sorted(counter))
        body += [f"### {layer.name.capitalize()} ({layer.description})", ""]
        body += _table([(label, counter.get(label, 0)) for label in labels], ("label", "count"))
        body.append("")
    body += ["## Inter-annotator agreement", ""]
    if agreement and agreement.get("pairs"):
        body += ["Documents annotated independently by two annotators before adjudication "
                 "(`kroniek agreement`): F1 scores one annotation against the other with "
                 "`kroniek.metrics` (F1 is symmetric); Cohen's kappa is over token IOB2 "
                 "labels (scikit-learn).", ""]
        columns = (("entities_strict_f1", "entity F1 strict"), ("entities_partial_f1", "entity F1 partial"),
                   ("triggers_strict_f1", "trigger F1 strict"), ("triggers_partial_f1", "trigger F1 partial"),
                   ("entities_kappa", "entity kappa"), ("triggers_kappa", "trigger kappa"),
                   ("arguments_f1", "argument F1"), ("relations_f1", "relation F1"),
                   ("coreference_conll_f1", "coref CoNLL F1"))
        rows = [(pair["document"], f"{pair['a']} / {pair['b']}",
                 *(f"{pair[key]:.3f}" for key, _ in columns)) for pair in agreement["pairs"]]
        body += _table(rows, ("document", "annotators", *(title for _, title in columns)))
        body += ["", "Caveat: the guidelines illustrate every label with examples from the seed "
                 "article itself, so the second annotator of the seed saw most of its mentions "
                 "named in the guidelines; these figures overstate the agreement to expect on a "
                 "new article. A fair estimate needs articles the guidelines do not quote."]
    else:
        body.append("No document has two independent annotations yet.")
    body += ["", "## Provenance", "",
             "Gold comes from Label Studio exports under `annotations/exports/` (the source of "
             "truth) and the articles under `seeds/`; the guidelines are "
             "`annotations/GUIDELINES.md`. Every export is validated before it is built.", ""]
    return header(splits) + "\n" + "\n".join(body)
