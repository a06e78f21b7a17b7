#!/usr/bin/python3
"""Writes the TorchScript fixtures of the probe-safety tests, into src/test/resources/io/metadiv/diversity/safety/.

An uploaded TorchScript model is code: libtorch compiles the archive's code/__torch__/**.py when it loads it and runs
it when it runs the model (and a class's __setstate__ while loading). These fixtures are what the upload inspector
(io.metadiv.diversity.TorchScriptInspector) must let through or refuse, without loading them:

- safe_cnn.pt (allowed): a CNN with the pieces real probes use - Sequential stem (conv, BN, ReLU, max-pool), a
  ModuleList of residual blocks, dropout, adaptive average pooling, flatten, cat, view and a linear head. It maps
  1-channel images of any size >= 8 to 24 features and works as a probe.
- from_file.pt: forward reads /etc/passwd with torch.from_file.
- canary.pt: __setstate__ (which libtorch runs while LOADING the model) maps /tmp/metadiv-probe-canary with
  torch.from_file(shared=True) and fills it with 42: the file changes if the archive ever reaches libtorch.
- submodule_from_file.pt: the from_file read hidden in a submodule's forward.
- helper_as_strided.pt: torch.as_strided (reads memory past the tensor) in a method other than forward, which
  forward calls.
- profiler_op.pt: a custom-namespace operator, ops.profiler._record_function_enter.
- fork.pt: torch.jit.fork / wait (asynchronous execution).
- quantized.pt: a quantized conv: ops.quantized.conv2d, a torch.classes custom class (packed weights) and
  torch._utils._rebuild_qtensor in data.pkl.
- slow_cnn.pt (allowed): a conv probe whose forward spins through 20,000 multiplications by one per image column
  (some 5 s a pass on 28x28 images, a fraction of that on 4x4): for the per-score wall-time limit.
- pickle_global.pt: safe_cnn.pt with data.pkl's collections.OrderedDict global replaced by posix.system (an
  archive no torch.jit.save writes, but anyone can).

Run from the project root: /usr/bin/python3 tools/make_probe_safety_fixtures.py (torch 1.13 there)
"""
import io
import os
import zipfile
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "io", "metadiv", "diversity", "safety")


class Residual(nn.Module):
    def __init__(self, c: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.bn1(self.conv1(x)))
        return F.relu(x + self.bn2(self.conv2(h)))


class SafeCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(2))
        self.blocks = nn.ModuleList([Residual(8), Residual(8)])
        self.drop = nn.Dropout(0.1)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.flat = nn.Flatten()
        self.fc = nn.Linear(16, 16)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.stem(x)
        for block in self.blocks:
            h = block(h)
        avg = self.flat(self.pool(h))
        peak = torch.amax(h, dim=(2, 3))
        z = torch.cat([avg, peak], dim=1)
        z = self.drop(z.view(z.size(0), -1))
        return torch.cat([torch.sigmoid(self.fc(z)), avg], dim=1)


class FromFile(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        leak = torch.from_file("/etc/passwd", shared=False, size=64, dtype=torch.uint8)
        return self.conv(x).mean(dim=(2, 3)) + leak.float().sum() * 0


class Canary(nn.Module):
    """A conv probe whose weight travels in its own state, so __setstate__ runs (and restores it) while loading."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 1, 3, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.conv2d(x, self.weight, None, 1, 1).mean(dim=(2, 3))

    @torch.jit.export
    def __getstate__(self) -> Tuple[torch.Tensor, bool]:
        return (self.weight, self.training)

    @torch.jit.export
    def __setstate__(self, state: Tuple[torch.Tensor, bool]) -> None:
        marked = torch.from_file("/tmp/metadiv-probe-canary", shared=True, size=8, dtype=torch.uint8).fill_(42)
        self.weight = state[0] + marked.sum() * 0
        self.training = state[1]


class ReadsFile(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        leak = torch.from_file("/etc/passwd", shared=False, size=1, dtype=torch.uint8)
        return self.conv(x) + leak.float() * 0


class SubmoduleFromFile(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = ReadsFile()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x).mean(dim=(2, 3))


class HelperAsStrided(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def centre(self, h: torch.Tensor) -> torch.Tensor:
        beyond = torch.as_strided(h, [1 << 20], [1])
        return h - beyond.sum() * 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.centre(self.conv(x)).mean(dim=(2, 3))


class ProfilerOp(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        handle = torch.ops.profiler._record_function_enter("probe", None)
        y = self.conv(x).mean(dim=(2, 3))
        torch.ops.profiler._record_function_exit(handle)
        return y


def doubled(x: torch.Tensor) -> torch.Tensor:
    return x * 2


class Fork(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        future = torch.jit.fork(doubled, x)
        return self.conv(torch.jit.wait(future)).mean(dim=(2, 3))


class Quantized(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.ao.nn.quantized.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        q = torch.quantize_per_tensor(x, 0.1, 0, torch.quint8)
        return self.conv(q).dequantize().mean(dim=(2, 3))


class SlowCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.conv(x)
        for _ in range(x.size(3) * 20000):
            h = h * 1.0
        return h.mean(dim=(2, 3))


def save(model: nn.Module, name: str) -> str:
    path = os.path.join(OUT, name)
    torch.jit.save(torch.jit.script(model), path)
    return path


def with_pickle_global(source: str, target: str, old: bytes, new: bytes) -> None:
    """Copies a saved archive, replacing one GLOBAL of data.pkl; entries stay uncompressed, as torch writes them."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("/data.pkl"):
                assert old in data, info.filename
                data = data.replace(old, new)
            zout.writestr(info, data)


if __name__ == "__main__":
    torch.manual_seed(11)
    os.makedirs(OUT, exist_ok=True)
    safe = SafeCnn()
    safe.train()
    with torch.no_grad():
        for _ in range(3):
            safe(torch.rand(8, 1, 16, 16))
    safe.eval()
    assert safe(torch.rand(2, 1, 16, 16)).shape == (2, 24)
    safe_path = save(safe, "safe_cnn.pt")
    save(FromFile(), "from_file.pt")
    save(Canary(), "canary.pt")
    save(SubmoduleFromFile(), "submodule_from_file.pt")
    save(HelperAsStrided(), "helper_as_strided.pt")
    save(ProfilerOp(), "profiler_op.pt")
    save(Fork(), "fork.pt")
    save(Quantized(), "quantized.pt")
    save(SlowCnn(), "slow_cnn.pt")
    with_pickle_global(safe_path, os.path.join(OUT, "pickle_global.pt"), b"ccollections\nOrderedDict\n",
                       b"cposix\nsystem\n")
    print("wrote fixtures to", os.path.normpath(OUT))
