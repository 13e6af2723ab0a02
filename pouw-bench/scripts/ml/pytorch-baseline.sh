#!/usr/bin/env bash
# PyTorch + OpenBLAS baseline for the pouw-ml MNIST benchmark (MlpBenchmark): same network, optimiser, batch and
# data split. Installs Debian's python3-torch and libopenblas0-pthread when they are missing (needs root).
#
#   pouw-bench/scripts/ml/pytorch-baseline.sh [dataset-dir] [epochs]
#
# dataset-dir defaults to ../shared/datasets/mnist-10k relative to the repository root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
data="${1:-$repo/../shared/datasets/mnist-10k}"
epochs="${2:-15}"
# Debian's python3-torch lives in the system interpreter; a pyenv or venv python3 earlier on PATH would not see it.
python="${PYTHON:-/usr/bin/python3}"

missing=()
"$python" -c 'import torch' 2>/dev/null || missing+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; }
fi

"$python" "$here/pytorch_mnist.py" "$data" "$epochs"
