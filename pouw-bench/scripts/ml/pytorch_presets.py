"""PyTorch reference for ResNetTrainingBenchmark: the same two presets, batch size, optimiser and data shapes.

ResNet-8 (CIFAR-style, w = 16, conv biases kept as pouw-ml keeps them, batch norm, option-B shortcuts) on 32x32x3
generated images, SGD momentum 0.9, lr 0.1, L2 weight decay 5e-4; and the character transformer (context 64,
vocabulary 256, d_model 64, 4 heads, 3 pre-norm blocks with a 4x GELU(tanh) feed-forward network, final layer norm,
logits from the last position only) with AdamW (3e-4, decay 0.1) and a gradient-norm clip of 1, on 64-byte windows
of a text file. Prints, per preset and for 1 and 2 threads, the median training steps/s of --runs runs of --steps
steps after a warm-up run, wall clock and per CPU-second of the process. Run with Debian's python3-torch:

    python3 pouw-bench/scripts/ml/pytorch_presets.py [--preset resnet8|char-transformer|both] [--batch 32]
        [--runs 5] [--steps 10] [--text /usr/share/common-licenses/GPL-3] [--threads 1,2]

For a one-thread figure run it with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 --threads 1 (OpenBLAS's pthread build
sizes its own pool from those variables, not from torch.set_num_threads), and likewise 2 for two threads.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, inputs, filters, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, filters, 3, stride, 1)
        self.bn1 = nn.BatchNorm2d(filters)
        self.conv2 = nn.Conv2d(filters, filters, 3, 1, 1)
        self.bn2 = nn.BatchNorm2d(filters)
        self.shortcut = nn.Sequential()
        if stride != 1 or inputs != filters:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, filters, 1, stride, 0), nn.BatchNorm2d(filters))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + self.shortcut(x))


def resnet(blocks_per_stage=1, width=16, classes=10):
    layers = [nn.Conv2d(3, width, 3, 1, 1), nn.BatchNorm2d(width), nn.ReLU()]
    inputs = width
    for stage in range(3):
        filters = width << stage
        for block in range(blocks_per_stage):
            stride = 2 if stage > 0 and block == 0 else 1
            layers.append(BasicBlock(inputs, filters, stride))
            inputs = filters
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(inputs, classes)]
    return nn.Sequential(*layers)


class Block(nn.Module):
    def __init__(self, width, heads, context):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.up = nn.Linear(width, 4 * width)
        self.down = nn.Linear(4 * width, width)
        self.register_buffer("mask", torch.triu(torch.full((context, context), float("-inf")), diagonal=1))

    def forward(self, x):
        n, t, c = x.shape
        d = c // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)
        q, k, v = (z.view(n, t, self.heads, d).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / d ** 0.5 + self.mask[:t, :t]
        context = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(n, t, c)
        x = x + self.out(context)
        return x + self.down(F.gelu(self.up(self.ln2(x)), approximate="tanh"))


class CharTransformer(nn.Module):
    def __init__(self, context=64, vocabulary=256, width=64, heads=4, blocks=3):
        super().__init__()
        self.embed = nn.Embedding(vocabulary, width)
        self.positions = nn.Parameter(torch.zeros(context, width))
        self.blocks = nn.Sequential(*[Block(width, heads, context) for _ in range(blocks)])
        self.ln = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocabulary)

    def forward(self, ids):
        x = self.blocks(self.embed(ids) + self.positions)
        return self.head(self.ln(x)[:, -1, :])


def rates(make, optimiser, batches, threads, runs, steps, clip):
    torch.set_num_threads(threads)
    torch.manual_seed(7)
    net = make()
    opt = optimiser(net.parameters())
    wall, cpu = [], []
    for run in range(runs + 1):
        start, cpu_start = time.perf_counter(), time.process_time()
        for s in range(steps):
            x, y = batches[s % len(batches)]
            opt.zero_grad()
            F.cross_entropy(net(x), y).backward()
            if clip:
                torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            opt.step()
        if run > 0:  # the first run warms up
            wall.append(steps / (time.perf_counter() - start))
            cpu.append(steps / (time.process_time() - cpu_start))
    return statistics.median(wall), statistics.median(cpu), wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="both")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--text", default="/usr/share/common-licenses/GPL-3")
    parser.add_argument("--threads", default="1,2", help="thread counts to time; set OMP_NUM_THREADS and "
                        "OPENBLAS_NUM_THREADS to the same number so OpenBLAS does not add threads of its own")
    a = parser.parse_args()
    torch.ones(64, 64) @ torch.ones(64, 64)  # loads the BLAS, so its file shows in the process map
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower() and "/" in line})
    print(f"torch {torch.__version__}; {torch.__config__.parallel_info().splitlines()[1].strip()}; BLAS loaded: {blas}")
    generator = torch.Generator().manual_seed(1)
    if a.preset in ("resnet8", "both"):
        batches = [(torch.rand(a.batch, 3, 32, 32, generator=generator),
                    torch.randint(0, 10, (a.batch,), generator=generator)) for _ in range(16)]
        sgd = lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=5e-4)
        for threads in [int(t) for t in a.threads.split(",")]:
            w, c, all_runs = rates(resnet, sgd, batches, threads, a.runs, a.steps, 0)
            print(f"ResNet-8 torch {threads} thread(s): {w:7.2f} steps/s wall (median of {a.runs} x {a.steps}; "
                  f"runs {[round(r, 2) for r in all_runs]}); {c:.2f} steps per CPU-second")
    if a.preset in ("char-transformer", "both"):
        data = torch.tensor(list(open(a.text, "rb").read()), dtype=torch.long)
        starts = torch.arange(0, len(data) - 65, 8)
        order = torch.randperm(len(starts), generator=generator)
        batches = []
        for b in range(16):
            idx = starts[order[b * a.batch:(b + 1) * a.batch]]
            batches.append((torch.stack([data[i:i + 64] for i in idx]), data[idx + 64]))
        adamw = lambda p: torch.optim.AdamW(p, lr=3e-4, weight_decay=0.1)
        for threads in [int(t) for t in a.threads.split(",")]:
            w, c, all_runs = rates(CharTransformer, adamw, batches, threads, a.runs, a.steps, 1.0)
            print(f"char-transformer torch {threads} thread(s): {w:7.2f} steps/s wall (median of {a.runs} x {a.steps}; "
                  f"runs {[round(r, 2) for r in all_runs]}); {c:.2f} steps per CPU-second")


if __name__ == "__main__":
    main()
