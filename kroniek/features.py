"""The ``datasets.Features`` of each dataset config, derived from the schema.

Class labels are ``ClassLabel`` features whose names are the schema's inventories in
order, so a row's integer labels decode with ``features[...].int2str``. ``datasets`` is
imported on first use: it costs about a second.
"""

from __future__ import annotations

from functools import lru_cache

from . import schema

CONFIGS = ("documents", "ner", "triggers")


@lru_cache(maxsize=None)
def features(config: str):
    """The ``datasets.Features`` of ``config`` (one of :data:`CONFIGS`)."""
    from datasets import ClassLabel, Features, List, Value

    string, int32 = Value("string"), Value("int32")
    if config == "documents":
        return Features({
            "id": string,
            "text": string,
            "language": string,
            "origin": string,
            "entities": List({
                "id": string, "start": int32, "end": int32, "text": string,
                "type": ClassLabel(names=list(schema.ENTITY_TYPES)),
                "mention": ClassLabel(names=list(schema.MENTION_LEVELS)),
            }),
            "events": List({
                "id": string, "start": int32, "end": int32, "text": string,
                "type": ClassLabel(names=list(schema.EVENT_TYPES)),
                "realis": ClassLabel(names=list(schema.REALIS)),
                "arguments": List({
                    "entity_id": string,
                    "role": ClassLabel(names=list(schema.ARGUMENT_ROLES)),
                }),
            }),
            "relations": List({
                "id": string, "head": string, "tail": string,
                "type": ClassLabel(names=list(schema.EVENT_RELATIONS)),
            }),
            "clusters": List({"id": string, "members": List(string)}),
        })
    tags = {"ner": ("ner_tags", schema.NER_TAGS), "triggers": ("trigger_tags", schema.TRIGGER_TAGS)}
    if config not in tags:
        raise KeyError(f"unknown config {config!r}; known: {', '.join(CONFIGS)}")
    field, names = tags[config]
    return Features({
        "id": string,
        "document_id": string,
        "tokens": List(string),
        field: List(ClassLabel(names=list(names))),
    })


@lru_cache(maxsize=None)
def tag_index(config: str) -> dict[str, int]:
    """Tag name -> ClassLabel id for the ``ner`` or ``triggers`` config's tag sequence."""
    field = "ner_tags" if config == "ner" else "trigger_tags"
    label = features(config)[field].feature
    return {name: label.str2int(name) for name in label.names}


def encode_document(doc: dict) -> dict:
    """A documents-config row (ClassLabel integers) from a document with string labels,
    through ``datasets.Features.encode_example`` (which also checks every label)."""
    row = {key: doc.get(key, default) for key, default in
           (("id", None), ("text", None), ("language", schema.LANGUAGE), ("origin", ""))}
    row.update({layer: [{k: v for k, v in item.items() if k in _FIELDS[layer]}
                        for item in doc[layer]]
                for layer in ("entities", "events", "relations", "clusters")})
    return features("documents").encode_example(row)


_FIELDS = {"entities": {"id", "start", "end", "text", "type", "mention"},
           "events": {"id", "start", "end", "text", "type", "realis", "arguments"},
           "relations": {"id", "head", "tail", "type"}, "clusters": {"id", "members"}}


def decode_document(row: dict) -> dict:
    """A document with string labels from a documents-config row (integers or strings)."""
    def name(inventory, value):
        return inventory[value] if isinstance(value, int) else value

    return {
        "id": row["id"], "text": row["text"], "language": row.get("language", schema.LANGUAGE),
        **({"origin": row["origin"]} if row.get("origin") else {}),
        "entities": [{**e, "type": name(schema.ENTITY_TYPES, e["type"]),
                      "mention": name(schema.MENTION_LEVELS, e["mention"])} for e in row["entities"]],
        "events": [{**v, "type": name(schema.EVENT_TYPES, v["type"]),
                    "realis": name(schema.REALIS, v["realis"]),
                    "arguments": [{"entity_id": a["entity_id"], "role": name(schema.ARGUMENT_ROLES, a["role"])}
                                  for a in v["arguments"]]} for v in row["events"]],
        "relations": [{**r, "type": name(schema.EVENT_RELATIONS, r["type"])} for r in row["relations"]],
        "clusters": [{"id": c["id"], "members": list(c["members"])} for c in row["clusters"]],
    }
