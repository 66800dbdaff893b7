"""The Label Studio labeling config, generated from the schema.

``annotations/labeling_config.xml`` is this module's output, committed so that
annotators and reviewers can read it; a test fails when the two differ. The control
names are fixed by docs/FORMAT.md section 1: ``text`` (the Text object), ``entity`` and ``event``
(Labels), ``mention`` and ``realis`` (per-region Choices), and one Relations block with
every argument role, event relation and COREFERENCE.

>>> "<Labels name=\\"entity\\" toName=\\"text\\">" in labeling_config()
True
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from . import schema


def _labels(name: str, labels: tuple[str, ...]) -> list[str]:
    lines = [f'  <Labels name="{name}" toName="{schema.TEXT}">']
    for label in labels:
        colour = schema.COLOURS.get(label, "#999999")
        lines.append(f"    <Label value={quoteattr(label)} background={quoteattr(colour)}/>")
    lines.append("  </Labels>")
    return lines


def _per_region_choices(name: str, tag: str, choices: tuple[str, ...], hint: str) -> list[str]:
    lines = [f'  <View visibleWhen="region-selected" whenTagName="{tag}">',
             f"    <Header value={quoteattr(hint)}/>",
             f'    <Choices name="{name}" toName="{schema.TEXT}" perRegion="true" '
             f'required="true" choice="single-radio">']
    lines += [f"      <Choice value={quoteattr(choice)}/>" for choice in choices]
    lines += ["    </Choices>", "  </View>"]
    return lines


def labeling_config() -> str:
    """The labeling config XML for a Kroniek Label Studio project."""
    lines = ["<View>", "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(label)}/>" for label in schema.RELATION_LABELS]
    lines.append("  </Relations>")
    lines += _labels(schema.ENTITY, schema.ENTITY_TYPES)
    lines += _labels(schema.EVENT, schema.EVENT_TYPES)
    # Word granularity: a selection snaps to whole words, so a region cannot start or
    # end inside one (pull still checks spaCy's tokens, which build uses).
    lines.append(f'  <Text name="{schema.TEXT}" value="${schema.TEXT}" granularity="word"/>')
    lines += _per_region_choices(schema.MENTION, schema.ENTITY, schema.MENTION_LEVELS,
                                 "Mention level (entity)")
    lines += _per_region_choices(schema.REALIS_CONTROL, schema.EVENT, schema.REALIS,
                                 "Realis (event trigger)")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def normalise(config: str) -> str:
    """A config with insignificant white space removed, for comparing a server's copy
    with ours (Label Studio may re-indent what it stores)."""
    return re.sub(r">\s+<", "><", config.strip())


def same_config(config: str) -> bool:
    """Whether ``config`` is the labeling config this version of Kroniek generates."""
    return normalise(config) == normalise(labeling_config())
