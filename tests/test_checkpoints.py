import pytest
import torch
from torch import nn

from inrlib.checkpoints import load_state_dict, read_manifest, save_state_dict, sha256_of, verified_path


def test_save_then_load_verifies_and_round_trips(tmp_path):
    torch.manual_seed(0)
    net = nn.Linear(3, 2)
    path = save_state_dict("tiny", net.state_dict(), command="python make_tiny.py --seed 0", directory=tmp_path)
    entry = read_manifest(tmp_path)["tiny"]
    assert entry["sha256"] == sha256_of(path) and entry["bytes"] == path.stat().st_size
    loaded = nn.Linear(3, 2)
    loaded.load_state_dict(load_state_dict("tiny", directory=tmp_path))
    assert torch.equal(loaded.weight, net.weight) and torch.equal(loaded.bias, net.bias)


def test_a_modified_file_is_refused(tmp_path):
    path = save_state_dict("tiny", nn.Linear(3, 2).state_dict(), command="make it", directory=tmp_path)
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ValueError, match="failed verification.*recreate it with: make it"):
        load_state_dict("tiny", directory=tmp_path)
    path.unlink()
    with pytest.raises(FileNotFoundError, match="missing"):
        load_state_dict("tiny", directory=tmp_path)


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="name must be one of the shipped checkpoints"):
        load_state_dict("nothing", directory=tmp_path)
    with pytest.raises(ValueError, match="name must be a non-empty identifier"):
        save_state_dict("../evil", {}, command="x", directory=tmp_path)
    with pytest.raises(ValueError, match="command must say how to reproduce"):
        save_state_dict("ok", {}, command=" ", directory=tmp_path)
    with pytest.raises(ValueError, match="must be ≤ 5 MB"):
        save_state_dict("big", {"w": torch.zeros(2_000_000)}, command="x", directory=tmp_path)
    assert not (tmp_path / "big.pt").exists()


def test_training_parser_parses_train_and_eval_on_the_shared_command_line(tmp_path, monkeypatch):
    from inrlib.checkpoints import training_parser

    monkeypatch.setenv("INRLIB_CACHE", str(tmp_path / "cache"))
    parser, _ = training_parser("prog", "d", 100, "x.pt")
    target = tmp_path / "sub" / "run.pt"
    args = parser.parse_args(["train", "--steps", "7", "--checkpoint", str(target)])
    assert (args.command, args.steps, args.seed, args.threads) == ("train", 7, 0, 1) and args.checkpoint == target
    assert parser.parse_args(["train", "--seed", "3"]).seed == 3  # the documented `train --seed S`
    assert parser.parse_args(["train"]).checkpoint == tmp_path / "cache" / "x.pt"  # settings.cache_directory()
    assert parser.parse_args(["eval"]).command == "eval"
    with pytest.raises(SystemExit):
        parser.parse_args(["fly"])


# ------------------------------------------------------------------ hardening (issue 9)
@pytest.mark.parametrize("name", sorted(read_manifest()))
def test_a_shipped_checkpoint_with_one_flipped_byte_is_refused_naming_file_and_hash(tmp_path, name):
    """Copy a shipped checkpoint and its manifest, flip one byte in the middle of the copy:
    loading must stop with an error that names the file and the sha256 mismatch."""
    import json
    import shutil

    from inrlib.checkpoints import DIRECTORY

    entry = read_manifest()[name]
    shutil.copy(DIRECTORY / entry["file"], tmp_path / entry["file"])
    (tmp_path / "manifest.json").write_text(json.dumps({name: entry}), encoding="utf-8")
    load = load_state_dict if entry["file"].endswith(".pt") else verified_path  # weights, or another shipped file
    assert load(name, directory=tmp_path)  # the intact copy loads
    data = bytearray((tmp_path / entry["file"]).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / entry["file"]).write_bytes(bytes(data))
    with pytest.raises(ValueError, match=rf"(?s){name}.*{entry['file']}.*sha256 mismatch"):
        load(name, directory=tmp_path)


def test_the_manifest_is_written_atomically(tmp_path, monkeypatch):
    """save_state_dict writes the manifest to a temporary file and renames it: a crash during
    the write leaves the previous manifest whole and no temporary file behind."""
    import os

    from inrlib import checkpoints

    save_state_dict("first", nn.Linear(2, 1).state_dict(), command="make first", directory=tmp_path)
    before = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    replaced = []
    real_replace = os.replace

    def spy(src, dst):
        replaced.append((os.path.basename(src), os.path.basename(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(checkpoints.os, "replace", spy)
    save_state_dict("second", nn.Linear(2, 1).state_dict(), command="make second", directory=tmp_path)
    assert replaced and replaced[-1][1] == "manifest.json" and replaced[-1][0] != "manifest.json"
    assert set(read_manifest(tmp_path)) == {"first", "second"}

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(checkpoints.os, "replace", crash)
    current = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    with pytest.raises(OSError, match="disk full"):
        save_state_dict("third", nn.Linear(2, 1).state_dict(), command="make third", directory=tmp_path)
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == current != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.pt", "manifest.json", "second.pt", "third.pt"]


def test_a_broken_manifest_and_bad_names_give_clear_errors(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="manifest .*manifest.json is not valid JSON"):
        read_manifest(tmp_path)
    with pytest.raises(ValueError, match="name must be one of the shipped checkpoints"):
        load_state_dict(["a list"])
    with pytest.raises(ValueError, match="name must be a non-empty identifier"):
        save_state_dict(None, {}, command="x", directory=tmp_path)
    with pytest.raises(ValueError, match="command must say how to reproduce"):
        save_state_dict("ok", {}, command=None, directory=tmp_path)
