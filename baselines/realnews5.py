"""``realnews.v5``: realnews.v4 with learned steps after the mention tagger and the trigger
tagger, each document parsed once.

realnews.v4 learned a dependency parser from EventDNA's Alpino parses and gave its arcs
to the entity, trigger and argument parts. realnews.v5 keeps that design and the argument
part, and replaces two parts:

* entity mentions: :class:`baselines.realnews_entities5.EntityModel5`, v4's tagger, then
  an inhabitant word (``Palestijnen``) as the named place EventDNA marks, and a name cut
  short widened to its full repeat in the document;
* event triggers: :class:`baselines.realnews_events5.TriggerModel5`, v4's tagger and
  sentence gate, then a second gate that judges whether a sentence holds two events:
  a second trigger right above or below the first in the parse where it does, the weaker
  of two such triggers dropped where it does not;
* arguments: realnews.v4's (:func:`baselines.realnews_args4.fit_arguments`), learned from
  this system's own triggers and mentions;
* realis, event relations and coreference: rules.v2's, on the learned spans.

Every part asks the parser for the same documents; :class:`SharedParses` parses each
document once and hands the same parse to all of them (realnews.v4 parses each document
three times at predict time). Like realnews.v4, each part learns from EventDNA's train
part and the Kroniek documents :meth:`RealNews5.fit` is given and tunes on EventDNA's
validation part and the Kroniek tuning split; the parser learns from the train part
only. EventDNA's test part is never read.

Measured on the validation parts before the final refit (the parts' own modules give the
details): EventDNA named F1 78.9 -> 79.8 (three folds of train + validation: 80.4 ->
81.0), trigger identification .679 -> .682 and classification .565 -> .569 (mean of three
tagger seeds); Kroniek validation entities strict and trigger classification unchanged.
"""

from __future__ import annotations

from typing import Sequence

from kroniek.documents import Document
from kroniek.system import register

from .realnews4 import RealNews4

MEMO = 8192
"""How many documents' parses :class:`SharedParses` keeps (a fit reads about 1,600)."""


class SharedParses:
    """A fitted :class:`~baselines.realnews_syntax.SyntaxModel` whose
    :meth:`parse` remembers each document's parses by its text, so that the parts of one
    system parse a document once. The memory is not pickled.

    >>> class Counting:
    ...     calls = 0
    ...     def parse(self, documents):
    ...         Counting.calls += len(documents)
    ...         return [[d["text"].upper()] for d in documents]
    >>> shared = SharedParses(Counting())
    >>> shared.parse([{"text": "a"}, {"text": "b"}]), shared.parse([{"text": "b"}])
    ([['A'], ['B']], [['B']])
    >>> Counting.calls
    2
    """

    def __init__(self, syntax, *, memo: int = MEMO) -> None:
        self.syntax = syntax
        self.memo = memo
        self._parses: dict[str, list] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_parses": {}}

    def parse(self, documents: Sequence[Document]) -> list[list]:
        todo = list({d["text"]: d for d in documents if d["text"] not in self._parses}.values())
        if len(self._parses) + len(todo) > self.memo:
            self._parses = {}
            todo = list({d["text"]: d for d in documents}.values())
        for doc, parses in zip(todo, self.syntax.parse(todo) if todo else []):
            self._parses[doc["text"]] = parses
        return [self._parses[d["text"]] for d in documents]

    def parse_words(self, sentences):
        return self.syntax.parse_words(sentences)


@register
class RealNews5(RealNews4):
    name = "realnews"
    version = 5
    protocol = ("a dependency parser learned from the Alpino parses of EventDNA's train "
                "part; entity mentions, triggers (each with a learned step after the "
                "tagger) and arguments each learned by their own component from "
                "EventDNA's train part and the Kroniek training split, each with the "
                "parser's arcs, tuned on EventDNA's validation part with the Kroniek "
                "tuning split; rules.v2 supplies realis, relations and coreference")
    description = ("realnews.v4 with learned steps after its taggers: inhabitant words as "
                   "named places, names widened to their repeats, a second trigger where a "
                   "sentence likely holds two events; each document parsed once")

    def _syntax(self, path):
        return SharedParses(super()._syntax(path))

    def _entity_model(self):
        from .realnews_entities5 import EntityModel5

        return EntityModel5(self.syntax)

    def _trigger_model(self):
        from .realnews_events5 import TriggerModel5

        return TriggerModel5(self.syntax)
