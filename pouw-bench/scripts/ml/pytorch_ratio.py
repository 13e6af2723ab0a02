"""PyTorch's half of PyTorchRatioBenchmark: times one model at one thread count and prints one RESULT line.

The models, batch sizes, optimisers and data are those of the Java side:
  mnist-mlp         784-128-64-10 ReLU, batch 64, SGD momentum 0.9, lr 0.05, on the MNIST training images
                    (the first 8,000 of the IDX files in --data, scaled to [0, 1]);
  resnet8           ResNet-8 of pytorch_presets.py on generated 32x32x3 images, batch 32, SGD momentum 0.9,
                    lr 0.1, L2 5e-4;
  char-transformer  the character transformer of pytorch_presets.py on 64-byte windows of --text, batch 32,
                    AdamW 3e-4 with decay 0.1 and a gradient-norm clip of 1.
The Java benchmark runs it with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set to --threads (the
pthread OpenBLAS sizes its own pool from them, not from torch.set_num_threads). Output:

    INFO torch 1.13.1; intra-op threads 1; BLAS loaded: [...]
    RESULT wall=<median steps/s> cpu=<median steps per CPU-second> runs=<r1,r2,...>
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import pytorch_mnist  # noqa: E402
import pytorch_presets  # noqa: E402


def mnist_batches(directory, batch):
    x, y = pytorch_mnist.load(directory, "train")
    x, y = x[:8000], y[:8000]
    return [(x[i:i + batch], y[i:i + batch]) for i in range(0, len(x) - batch + 1, batch)]


def image_batches(batch):
    generator = torch.Generator().manual_seed(1)
    return [(torch.rand(batch, 3, 32, 32, generator=generator), torch.randint(0, 10, (batch,), generator=generator))
            for _ in range(16)]


def text_batches(path, batch):
    data = torch.tensor(list(open(path, "rb").read()), dtype=torch.long)
    starts = torch.arange(0, len(data) - 65, 8)
    order = torch.randperm(len(starts), generator=torch.Generator().manual_seed(1))
    batches = []
    for b in range(16):
        idx = starts[order[b * batch:(b + 1) * batch]]
        batches.append((torch.stack([data[i:i + 64] for i in idx]), data[idx + 64]))
    return batches


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, choices=["mnist-mlp", "resnet8", "char-transformer"])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--data", default="../shared/datasets/mnist-10k")
    parser.add_argument("--text", default="/usr/share/common-licenses/GPL-3")
    a = parser.parse_args()
    torch.set_num_threads(a.threads)
    torch.ones(64, 64) @ torch.ones(64, 64)  # loads the BLAS, so its file shows in the process map
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower() and "/" in line})
    print(f"INFO torch {torch.__version__}; intra-op threads {torch.get_num_threads()}; "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')} "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}; BLAS loaded: {blas}", flush=True)
    clip = 0.0
    if a.model == "mnist-mlp":
        batches = mnist_batches(a.data, 64)
        make, optimiser = pytorch_mnist.model, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)
    elif a.model == "resnet8":
        batches = image_batches(32)
        make = pytorch_presets.resnet
        optimiser = lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=5e-4)  # noqa: E731
    else:
        batches = text_batches(a.text, 32)
        make, optimiser, clip = (pytorch_presets.CharTransformer,
                                 lambda p: torch.optim.AdamW(p, lr=3e-4, weight_decay=0.1), 1.0)
    # pytorch_presets.rates: seeds 7, builds the model, warms up one run, times --runs runs of --steps steps.
    wall, cpu, runs = pytorch_presets.rates(make, optimiser, batches, a.threads, a.runs, a.steps, clip)
    print(f"RESULT wall={wall:.4f} cpu={cpu:.4f} runs={','.join(f'{r:.4f}' for r in runs)}", flush=True)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
