#!/usr/bin/python3
"""Writes image-folder datasets of known diversity for the diversity ranking (both benches read them):
  gratings/  every class its own sinusoidal grating (frequency, orientation, brightness, contrast),
             random phase and pixel noise per image                       -> high diversity
  copies/    every class = the same images (gratings' class 0) + light noise, class c brightened by c grey
             levels (labels stay learnable)                              -> low diversity
  python3 bench/make_diversity_folders.py OUT_DIR [--classes 20] [--per-class 30] [--size 28] [--seed 0]
"""
import argparse
import math
import os

import numpy as np
from PIL import Image


def gratings(classes, per_class, size, rng):
    out = np.zeros((classes, per_class, size, size), dtype=np.uint8)
    yy, xx = np.mgrid[0:size, 0:size]
    for c in range(classes):
        cycles = 0.5 + rng.random() * 5.5
        angle = rng.random() * math.pi
        brightness = 0.2 + 0.6 * rng.random()
        contrast = 0.1 + 0.4 * rng.random()
        fx, fy = math.cos(angle) * cycles * 2 * math.pi / size, math.sin(angle) * cycles * 2 * math.pi / size
        for i in range(per_class):
            v = brightness + contrast * np.sin(fx * xx + fy * yy + rng.random() * 2 * math.pi)
            g = np.round(v * 255) + rng.integers(-20, 21, size=(size, size))
            out[c, i] = np.clip(g, 0, 255)
    return out


def copies(base, classes, rng):
    per_class, size = base.shape[0], base.shape[1]
    out = np.zeros((classes, per_class, size, size), dtype=np.uint8)
    for c in range(classes):
        out[c] = np.clip(base.astype(np.int32) + c + rng.integers(-4, 5, size=base.shape), 0, 255)
    return out


def write(images, root):
    for c in range(images.shape[0]):
        d = os.path.join(root, f"class{c:03d}")
        os.makedirs(d, exist_ok=True)
        for i in range(images.shape[1]):
            Image.fromarray(images[c, i], mode="L").save(os.path.join(d, f"{i:04d}.png"))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--classes", type=int, default=20)
    p.add_argument("--per-class", type=int, default=30)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    g = gratings(a.classes, a.per_class, a.size, rng)
    write(g, os.path.join(a.out, "gratings"))
    write(copies(g[0], a.classes, rng), os.path.join(a.out, "copies"))


if __name__ == "__main__":
    main()
