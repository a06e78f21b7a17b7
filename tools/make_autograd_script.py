#!/usr/bin/python3
"""Writes src/main/resources/io/metadiv/nn/autograd_grad.pt: a TorchScript module whose forward is
torch.autograd.grad(loss, inputs, create_graph=flag != 0). DJL has no autograd.grad; calling this module
from DJL (grad mode on, training=true) gives gradients w.r.t. any tensors without accumulating into leaves,
so higher-order MAML leaves no parameter<->gradient reference cycles. Run: /usr/bin/python3 tools/make_autograd_script.py
"""
import os
from typing import List

import torch


class Grad(torch.nn.Module):
    def forward(self, loss: torch.Tensor, inputs: List[torch.Tensor], flag: torch.Tensor) -> List[torch.Tensor]:
        create_graph = bool(flag.item() != 0)
        grads = torch.autograd.grad([loss], inputs, retain_graph=create_graph, create_graph=create_graph)
        out: List[torch.Tensor] = []
        for g in grads:
            assert g is not None, "an input does not influence the loss"
            out.append(g)
        return out


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "src", "main", "resources", "io", "metadiv", "nn", "autograd_grad.pt")
    torch.jit.save(torch.jit.script(Grad()), path)
    print("wrote", os.path.normpath(path))
