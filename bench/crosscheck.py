#!/usr/bin/python3
"""Compares our HO/FO MAML meta-loss and meta-gradients (written by io.metadiv.bench.GradientDump) with the
reference's maml.meta_loss on the very same float64 parameters and task.
  java -cp target/classes:$(cat target/cp.txt) io.metadiv.bench.GradientDump target/crosscheck
  /usr/bin/python3 bench/crosscheck.py target/crosscheck
"""
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "bench", "ref"))
import maml as M  # noqa: E402

D = sys.argv[1] if len(sys.argv) > 1 else "target/crosscheck"


def load(name):
    text = open(os.path.join(D, name + ".shape")).read().strip("()\n")
    shape = [int(x) for x in text.split(",") if x.strip()]
    return torch.from_numpy(np.fromfile(os.path.join(D, name + ".bin"), dtype="<f8").reshape(shape))


params = [load("p%d" % i).requires_grad_() for i in range(18)]
xs, xq = load("xs"), load("xq")
ys = torch.arange(5).repeat_interleave(2)
yq = torch.arange(5).repeat_interleave(3)
worst = 0.0
for order, first_order in (("HIGHER", False), ("FIRST", True)):
    loss, _ = M.meta_loss(params, [(xs, ys, xq, yq)], 2, 0.4, first_order=first_order)
    ref = torch.autograd.grad(loss, params)
    ours = [load("g_%s%d" % (order, i)) for i in range(18)]
    diff = sum(((a - b) ** 2).sum() for a, b in zip(ours, ref)).sqrt().item()
    norm = sum((b ** 2).sum() for b in ref).sqrt().item()
    our_loss = float(open(os.path.join(D, "loss_" + order)).read())
    print("%s: loss ours %.12f ref %.12f; meta-gradient relative difference %.2e"
          % (order, our_loss, loss.item(), diff / norm))
    worst = max(worst, diff / norm, abs(our_loss - loss.item()))
sys.exit(0 if worst < 1e-9 else 1)
