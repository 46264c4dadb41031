import numpy as np
import pytest
import torch
from torch import nn

from inrlib.training import History, NonFiniteLossError, load_checkpoint, train


def _regression(seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(64, 3, generator=g, dtype=torch.float64)
    y = X @ torch.tensor([1.5, -2.0, 0.5], dtype=torch.float64) + 0.3 + 0.01 * torch.randn(64, generator=g, dtype=torch.float64)
    return X, y[:, None]


def _least_squares(X, y):
    A = np.hstack([X.numpy(), np.ones((len(X), 1))])
    return np.linalg.lstsq(A, y.numpy(), rcond=None)[0][:, 0]


def _params(model):
    return np.concatenate([model.weight.detach().numpy()[0], model.bias.detach().numpy()])


@pytest.mark.parametrize("use_lbfgs", [False, True])
def test_train_reaches_the_least_squares_solution(use_lbfgs):
    X, y = _regression()
    torch.manual_seed(0)
    model = nn.Linear(3, 1).double()
    opt = torch.optim.LBFGS(model.parameters(), line_search_fn="strong_wolfe") if use_lbfgs else None
    history = train(model, lambda m: ((m(X) - y) ** 2).mean(), 20 if use_lbfgs else 800,
                    lr=0.05, optimizer=opt, progress=False, log_every=1 if use_lbfgs else 10,
                    evaluate=lambda m: {"bias": float(m.bias)})
    assert np.allclose(_params(model), _least_squares(X, y), atol=1e-4)
    assert history.stopped == "finished"
    assert history.step[-1] == (20 if use_lbfgs else 800) and len(history.metrics["bias"]) == len(history.step)
    assert history.loss[-1] < history.loss[0]


def test_non_finite_loss_stops_with_a_clear_message_and_restores_the_last_good_state():
    X, y = _regression()
    model = nn.Linear(3, 1).double()
    seen = []

    def loss_fn(m):
        seen.append(_params(m).copy())
        loss = ((m(X) - y) ** 2).mean()
        return loss * float("nan") if len(seen) == 6 else loss

    with pytest.raises(NonFiniteLossError, match=r"step 6: the loss is nan \(not finite\)") as info:
        train(model, loss_fn, 100, lr=0.1, progress=False, log_every=1)
    assert np.array_equal(_params(model), seen[4])  # the parameters that gave the last finite loss
    assert info.value.step == 6 and info.value.history.step == [1, 2, 3, 4, 5]
    assert "learning rate" in str(info.value)


def test_diverging_learning_rate_is_caught():
    X, y = _regression()
    model = nn.Linear(3, 1).double()
    with pytest.raises(NonFiniteLossError, match="not finite"):
        train(model, lambda m: ((m(X) - y) ** 2).mean(), 2000, lr=1e3,
              optimizer=torch.optim.SGD(model.parameters(), lr=1e3), progress=False)
    assert torch.isfinite(model.weight).all()


def test_time_budget_stops_early():
    import time
    model = nn.Linear(1, 1)

    def slow_loss(m):
        time.sleep(0.02)
        return m(torch.ones(1, 1)).pow(2).sum()

    history = train(model, slow_loss, 10_000, time_budget=0.2, progress=False)
    assert "time budget" in history.stopped
    assert 2 <= history.step[-1] < 100 and history.seconds[-1] >= 0.2


def test_checkpoint_resume_continues_exactly(tmp_path):
    X, y = _regression()
    loss = lambda m: ((m(X) - y) ** 2).mean()  # noqa: E731
    torch.manual_seed(1)
    straight = nn.Linear(3, 1).double()
    torch.manual_seed(1)
    resumed = nn.Linear(3, 1).double()
    train(straight, loss, 40, lr=0.05, progress=False)
    ckpt = tmp_path / "run.pt"
    first = train(resumed, loss, 25, lr=0.05, progress=False, checkpoint=ckpt, checkpoint_every=5)
    torch.manual_seed(99)
    fresh = nn.Linear(3, 1).double()  # a new process would start from another init
    second = train(fresh, loss, 40, lr=0.05, progress=False, checkpoint=ckpt, log_every=5)
    assert np.allclose(_params(fresh), _params(straight), atol=1e-12)
    assert second.step[: len(first.step)] == first.step and second.step[-1] == 40
    step, hist = load_checkpoint(ckpt, nn.Linear(3, 1).double())
    assert step == 40 and isinstance(hist, History)


def test_bad_arguments_are_named():
    model = nn.Linear(1, 1)
    ok = lambda m: m(torch.ones(1, 1)).sum()  # noqa: E731
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        train(model, ok, -1)
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        train(model, ok, 1, lr=0.0)
    with pytest.raises(TypeError, match="loss_fn must be callable"):
        train(model, 3.0, 1)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        train("model", ok, 1)
    with pytest.raises(TypeError, match="loss_fn must return a scalar tensor"):
        train(model, lambda m: m(torch.ones(4, 1)), 1, progress=False)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_checkpoint("/nonexistent/ckpt.pt", model)


def test_lr_schedule_sets_each_steps_rate_and_resumes_with_it(tmp_path):
    """One plain SGD step moves a parameter by lr·gradient: the schedule's rate, step by step."""
    seen = []

    def loss(m):
        seen.append(opt.param_groups[0]["lr"])
        return m.weight.sum()  # gradient 1: each step subtracts exactly lr

    model = nn.Linear(1, 1, bias=False)
    nn.init.zeros_(model.weight)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    train(model, loss, 4, optimizer=opt, lr_schedule=lambda step: 0.1 * step, progress=False,
          checkpoint=tmp_path / "s.pt", checkpoint_every=2)
    assert seen == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert model.weight.item() == pytest.approx(-1.0)
    seen.clear()
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    train(model, loss, 6, optimizer=opt, lr_schedule=lambda step: 0.1 * step, progress=False,
          checkpoint=tmp_path / "s.pt")
    assert seen == pytest.approx([0.5, 0.6])  # resumed at step 5 with step 5's rate
    with pytest.raises(TypeError, match="lr_schedule must be callable"):
        train(model, loss, 1, lr_schedule=0.1)


def test_a_training_checkpoint_may_go_to_a_folder_that_does_not_exist_yet(tmp_path):
    """The default resumable checkpoint lives under the cache directory, which a fresh machine
    does not have: saving creates the folder, atomically (no temporary file left)."""
    from inrlib.training import save_checkpoint

    model = nn.Linear(2, 1)
    target = tmp_path / "cache" / "inrlib" / "run.pt"
    save_checkpoint(target, model, torch.optim.Adam(model.parameters()), 3, History())
    assert target.is_file() and [p.name for p in target.parent.iterdir()] == ["run.pt"]
    step, _ = load_checkpoint(target, nn.Linear(2, 1))
    assert step == 3
