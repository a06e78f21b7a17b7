#!/usr/bin/python3
"""Writes the TorchScript probe fixtures of the tests, into src/test/resources/io/metadiv/diversity/:

- small_cnn.pt: conv(1->8) BN ReLU max-pool, conv(8->6) BN ReLU, global average pool, linear(6->10). Its BN running
  statistics were moved away from (0, 1) by a few training-mode batches, so eval mode (what the probe uses) and
  batch statistics give different features. Conv weights: 8 + 6 filters -> a 14-dimensional Task2Vec embedding.
- linear_only.pt: flatten + linear, no convolution (the service must refuse it as a probe).
- unused_conv.pt: two convolutions, one of which the forward never uses (no Fisher: refused when checked).
- small_cnn_expected.json: the Task2Vec embedding of a deterministic 4-way task computed here with PyTorch, the
  reference's way (per example, per label autograd), for the Java test to agree with. The head is the reference's
  fit_linear_head (zero init, full-batch Adam) run in float64, as the service's LinearHeadFit does: Adam's first
  steps move every weight by about lr whatever its gradient's size, so a float32 fit shifts the embedding by
  0.1-0.5 %, more than the agreement the test asks for.

Run from the project root with ../shared beside it: /usr/bin/python3 tools/make_probe_fixtures.py
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "io", "metadiv", "diversity")
N, WAYS, SIZE, HEAD_STEPS, HEAD_LR = 20, 4, 28, 100, 1e-2


class SmallCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 6, 3, padding=1)
        self.bn2 = torch.nn.BatchNorm2d(6)
        self.fc = torch.nn.Linear(6, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        h = F.relu(self.bn2(self.conv2(h)))
        return self.fc(h.mean(dim=(2, 3)))


class UnusedConv(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.used = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.unused = torch.nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.used(x).mean(dim=(2, 3))


class LinearOnly(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(SIZE * SIZE, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.flatten(1))


def task_images():
    """The same deterministic task the Java test builds (DiversityTest / TorchScriptProbeTest)."""
    x = torch.empty(N, 1, SIZE, SIZE)
    for i in range(N):
        for h in range(SIZE):
            for w in range(SIZE):
                x[i, 0, h, w] = 0.5 + 0.5 * math.sin(0.37 * (i % WAYS + 1) * h + 0.11 * (i + 1) * w)
    y = torch.tensor([i % WAYS for i in range(N)])
    return x, y


def fit_linear_head_float64(feats, labels, n_out, steps, lr):
    """The reference's maml.fit_linear_head in float64."""
    feats = feats.detach().double()
    w = torch.zeros(n_out, feats.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(n_out, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w, b], lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        F.cross_entropy(F.linear(feats, w, b), labels).backward()
        opt.step()
    return w.detach().float(), b.detach().float()


def expected_embedding(model, x, y):
    with torch.no_grad():
        feats = model(x)
    w, b = fit_linear_head_float64(feats, y, WAYS, HEAD_STEPS, HEAD_LR)
    convs = [p for p in model.parameters() if p.dim() == 4]
    fim = [torch.zeros_like(p) for p in convs]
    for i in range(N):
        logp = F.log_softmax(F.linear(model(x[i:i + 1]), w, b), dim=1)[0]
        probs = logp.detach().exp()
        for c in range(WAYS):
            grads = torch.autograd.grad(logp[c], convs, retain_graph=c < WAYS - 1)
            for acc, g in zip(fim, grads):
                acc.add_(probs[c] * g * g)
    return torch.cat([(f / N).mean(dim=(1, 2, 3)) for f in fim]).tolist()


if __name__ == "__main__":
    torch.manual_seed(7)
    model = SmallCnn()
    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.rand(16, 1, SIZE, SIZE) * 2)
    model.eval()
    x, y = task_images()
    os.makedirs(OUT, exist_ok=True)
    torch.jit.save(torch.jit.script(model), os.path.join(OUT, "small_cnn.pt"))
    torch.jit.save(torch.jit.script(LinearOnly()), os.path.join(OUT, "linear_only.pt"))
    torch.jit.save(torch.jit.script(UnusedConv()), os.path.join(OUT, "unused_conv.pt"))
    expected = {"n": N, "ways": WAYS, "size": SIZE, "headSteps": HEAD_STEPS, "headLearningRate": HEAD_LR,
                "features0": model(x[:1]).detach()[0].tolist(), "embedding": expected_embedding(model, x, y)}
    with open(os.path.join(OUT, "small_cnn_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("wrote fixtures to", os.path.normpath(OUT))
