"""The dataset folder as a Hugging Face Hub dataset repository, checked offline.

The Hub's own check (``RepoCard.validate``) is a request to the Hub; offline, the card is
read by huggingface_hub's parser with metadata errors raised, its configs and features by
datasets' readers, and the fields the Hub lists by are checked against datasets' own
vocabularies. Loading by path runs in a fresh process from another folder, with the Hub
variables unset, an empty cache and every socket connection refused and counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from kroniek.features import CONFIGS, features

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "dataset"


@pytest.fixture(scope="module")
def card():
    from huggingface_hub import DatasetCard

    return DatasetCard.load(DATASET / "README.md", ignore_metadata_errors=False)


def vocabulary(name: str):
    return json.loads((files("datasets.utils") / "resources" / name).read_text(encoding="utf-8"))


def test_card_metadata_is_what_the_hub_lists_datasets_by(card):
    data = card.data
    assert data.license == "cc-by-4.0" and data.pretty_name == "Kroniek"
    assert data.task_categories == ["token-classification"]
    assert data.task_ids == ["named-entity-recognition"]
    assert set(data.language) <= set(vocabulary("languages.json")) and data.language == ["nl"]
    assert set(data.size_categories) <= set(vocabulary("size_categories.json"))
    assert data.multilinguality in vocabulary("multilingualities.json")
    # 27 documents and under 1,000 sentences per config: n<1K is the right size category.
    assert data.size_categories == ["n<1K"]


def test_card_configs_and_features_read_by_datasets(card):
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs

    configs = MetadataConfigs.from_dataset_card_data(card.data)
    assert list(configs) == list(CONFIGS) and configs.get_default_config_name() == "documents"
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    for config in CONFIGS:
        for entry in configs[config]["data_files"]:
            assert (DATASET / entry["path"]).is_file()
        assert infos[config].features == features(config)


def test_card_names_kroniek_cites_it_and_states_the_licence(card):
    text = card.text
    assert "`kroniek`" in text and 'load_dataset("dataset"' not in text
    assert 'kroniek.load_dataset("documents")' in text
    assert "## Citation" in text and "@misc{kroniek," in text
    assert "## License" in text and "CC BY 4.0" in text


LOAD = r"""
import json, socket, sys, time
attempts = []
def refuse(self, address):
    attempts.append(str(address))
    raise OSError("no network in this test")
socket.socket.connect = refuse
start = time.perf_counter()
from datasets import load_dataset
import kroniek
rows = {}
for config in ("documents", "ner", "triggers"):
    by_path = load_dataset(sys.argv[1], config)
    native = kroniek.load_dataset(config)
    rows[config] = {split: [len(by_path[split]), len(native[split])] for split in by_path}
relative = load_dataset(sys.argv[2], "ner")
print(json.dumps({"rows": rows, "relative": len(relative["test"]), "attempts": attempts,
                  "seconds": time.perf_counter() - start,
                  "names": kroniek.load_dataset("ner", split="test").features["ner_tags"].feature.names[:2]}))
"""


def test_loads_by_path_from_another_folder_without_the_hub(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env["HF_HOME"] = str(tmp_path / "hf")   # an empty cache: nothing cached to be served
    work = tmp_path / "elsewhere"
    work.mkdir()
    relative = os.path.relpath(DATASET, work)
    out = subprocess.run([sys.executable, "-c", LOAD, str(DATASET), relative], cwd=work, env=env,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    from kroniek.dataset import load

    assert result["rows"]["documents"] == {split: [len(load(DATASET, split=split))] * 2
                                           for split in ("train", "validation", "test")}
    assert set(result["rows"]) == set(CONFIGS)
    assert all(a == b > 0 for config in result["rows"].values() for a, b in config.values())
    assert result["relative"] == result["rows"]["ner"]["test"][0]
    assert result["names"] == ["O", "B-PER"]
    assert result["seconds"] < 20   # the Hub retries took about 23 s before it fell back


def test_load_dataset_refuses_in_one_line(tmp_path):
    import kroniek

    with pytest.raises(kroniek.KroniekError, match="no config 'sentences'; it has documents, ner"):
        kroniek.load_dataset("sentences")
    with pytest.raises(kroniek.KroniekError, match="no split 'dev'; it has train, validation, test"):
        kroniek.load_dataset("ner", split="dev")
    with pytest.raises(kroniek.KroniekError, match="no dataset here"):
        kroniek.load_dataset("ner", dataset=tmp_path)
