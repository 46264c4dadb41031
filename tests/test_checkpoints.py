import pytest
import torch
from torch import nn

from inrlib.checkpoints import load_state_dict, read_manifest, save_state_dict, sha256_of


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


def test_training_command_parses_train_and_eval(tmp_path):
    from inrlib.checkpoints import training_command

    target = tmp_path / "sub" / "run.pt"
    args = training_command(["train", "--steps", "7", "--checkpoint", str(target)], "prog", "d", 100, "x.pt")
    assert (args.command, args.steps, args.seed) == ("train", 7, 0) and target.parent.is_dir()
    assert training_command(["eval"], "prog", "d", 100, "x.pt").command == "eval"
    with pytest.raises(SystemExit):
        training_command(["fly"], "prog", "d", 100, "x.pt")
