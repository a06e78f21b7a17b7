#!/usr/bin/python3
"""Writes image-folder datasets of known diversity for the diversity ranking (both benches read them):
  gratings/  every class its own sinusoidal grating (frequency, orientation, brightness, contrast),
             random phase and pixel noise per image                       -> high diversity
  blocks/    every class a random pattern of 4x4 blocks + noise (one kind of image everywhere)
  mixed/     every class from another family (grating, blob, checkerboard, noise, ring, bars)
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


def blocks(classes, per_class, size, rng, block=4, noise=60):
    """Every class a random binary pattern of 4x4 blocks (one kind of image everywhere) + uniform noise."""
    out = np.zeros((classes, per_class, size, size), dtype=np.uint8)
    cells = (size + block - 1) // block
    for c in range(classes):
        proto = np.kron(rng.integers(0, 2, size=(cells, cells)), np.ones((block, block)))[:size, :size] * (255 - noise)
        for i in range(per_class):
            out[c, i] = np.clip(proto + rng.integers(0, noise, size=(size, size)), 0, 255)
    return out


def mixed(classes, per_class, size, rng):
    """Every class from a different family (grating, blob, checkerboard, noise texture, ring, bars), random params."""
    out = np.zeros((classes, per_class, size, size), dtype=np.float64)
    yy, xx = np.mgrid[0:size, 0:size] / size
    for c in range(classes):
        family = c % 6
        a, b, k = rng.random(), rng.random(), 1 + rng.integers(1, 8)
        for i in range(per_class):
            j = rng.random(size=2) * 0.2
            if family == 0:
                img = 0.5 + 0.5 * np.sin(2 * np.pi * k * ((xx + j[0]) * math.cos(a * math.pi) + yy * math.sin(a * math.pi)))
            elif family == 1:
                img = np.exp(-(((xx - 0.3 - 0.4 * a - j[0]) ** 2 + (yy - 0.3 - 0.4 * b - j[1]) ** 2) / (0.005 + 0.05 * b)))
            elif family == 2:
                img = ((np.floor((xx + j[0]) * k) + np.floor((yy + j[1]) * k)) % 2).astype(float)
            elif family == 3:
                img = rng.random((size, size)) * (0.3 + 0.7 * a)
            elif family == 4:
                r = np.sqrt((xx - 0.5 - j[0] / 2) ** 2 + (yy - 0.5 - j[1] / 2) ** 2)
                img = (np.abs(r - 0.1 - 0.3 * a) < 0.03 + 0.05 * b).astype(float)
            else:
                img = ((((yy + j[1]) * k) % 1.0) < 0.2 + 0.5 * a).astype(float) * (0.4 + 0.6 * b)
            out[c, i] = img + rng.normal(0, 0.05, size=(size, size))
    return np.clip(out * 255, 0, 255).astype(np.uint8)


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
    write(blocks(a.classes, a.per_class, a.size, rng), os.path.join(a.out, "blocks"))
    write(mixed(a.classes, a.per_class, a.size, rng), os.path.join(a.out, "mixed"))


if __name__ == "__main__":
    main()
