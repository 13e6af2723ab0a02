"""PyTorch reference for pouw-ml's MNIST benchmark: 784-128-64-10 ReLU MLP, batch 64, SGD momentum 0.9, lr 0.05.

Reports training steps/s (median of 5 timed runs of 300 steps) on 1 and 2 threads — wall clock, and per CPU-second of
the process, which other load on a shared machine distorts less — and test accuracy after N epochs on the
8,000/2,000 split. Run through pytorch-baseline.sh, which installs the packages.
"""
import statistics
import struct
import sys
import time

import numpy as np
import torch


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, split):
    images = read_idx(f"{directory}/{split}-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0
    labels = read_idx(f"{directory}/{split}-labels-idx1-ubyte").astype(np.int64)
    return torch.from_numpy(images), torch.from_numpy(labels)


def model():
    return torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(),
                               torch.nn.Linear(64, 10))


def steps_per_second(x, y, threads, steps=300, runs=5):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = [(x[i:i + 64], y[i:i + 64]) for i in range(0, 8000 - 63, 64)]
    rates = []
    cpu_rates = []
    for run in range(runs + 1):
        start = time.perf_counter()
        cpu_start = time.process_time()
        for s in range(steps):
            bx, by = batches[s % len(batches)]
            opt.zero_grad()
            loss_fn(net(bx), by).backward()
            opt.step()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        if run > 0:  # the first run warms up
            rates.append(steps / elapsed)
            cpu_rates.append(steps / cpu)
    return statistics.median(rates), statistics.median(cpu_rates), rates


def accuracy_after(x, y, tx, ty, epochs):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = model()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        for i in range(0, len(x) - 63, 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss_fn(net(x[idx]), y[idx]).backward()
            opt.step()
    with torch.no_grad():
        return (net(tx).argmax(dim=1) == ty).float().mean().item()


def main():
    directory = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    x, y = load(directory, "train")
    tx, ty = load(directory, "test")
    blas = [line.strip() for line in torch.__config__.show().splitlines() if "BLAS" in line]
    print(f"torch {torch.__version__}; {blas[0] if blas else 'BLAS: unknown'}")
    for threads in (1, 2):
        wall, cpu, runs = steps_per_second(x, y, threads)
        print(f"pytorch {threads} thread(s): {wall:.0f} steps/s (median of 5 x 300 steps; runs "
              + " ".join(f"{r:.0f}" for r in runs) + f"); {cpu:.0f} steps per CPU-second (all threads)")
    print(f"pytorch test accuracy after {epochs} epochs: {accuracy_after(x, y, tx, ty, epochs) * 100:.2f}%")


if __name__ == "__main__":
    main()
