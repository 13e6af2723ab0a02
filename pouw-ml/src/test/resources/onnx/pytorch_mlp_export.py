"""Writes a PyTorch model as ONNX for PyTorchOnnxInitIT: a 12-24-4 tanh MLP (seed 4), exported by torch.onnx at opset 13
with a dynamic batch, and five inputs with PyTorch's logits for them, one record a line ("x1 ... x12 | y1 ... y4").

    python3 pytorch_mlp_export.py OUT.onnx OUT.txt
"""
import sys

import torch

torch.manual_seed(4)
net = torch.nn.Sequential(torch.nn.Linear(12, 24), torch.nn.Tanh(), torch.nn.Linear(24, 4))
x = torch.randn(5, 12)
torch.onnx.export(net, x, sys.argv[1], opset_version=13, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
with torch.no_grad():
    y = net(x)
with open(sys.argv[2], "w") as f:
    for row_x, row_y in zip(x.tolist(), y.tolist()):
        f.write(" ".join(repr(v) for v in row_x) + " | " + " ".join(repr(v) for v in row_y) + "\n")
