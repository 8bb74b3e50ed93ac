"""Writes the PyTorch reference state the Java tests compare against, tensor by tensor.

One forward pass, one backward pass and the first Adam steps of the seed VAE on a batch of
8 training images, with the reparameterisation noise fixed, saved as safetensors:

    x [8,784]        the first 8 training images, byte / 255
    eps [8,2]        fixed noise: torch.randn with a generator seeded 7
    <param>          every parameter under its seed state_dict name, after torch.manual_seed(42)
                     and the model's default initialisation
    mu, logvar [8,2], x_pred [8,784]
                     the forward pass with z = mu + eps * exp(0.5 * logvar)
    grad.<param>     gradient of the batch SUM loss (BCE sum + KL sum)
    step1.<param>    every parameter after one torch.optim.Adam(lr=1e-3) step with those gradients

and in __metadata__ (strings): loss, bce, kl (float32 batch sums), loss_f64 (the same loss
with the model in float64), adam_losses (JSON list: the loss before each of 5 Adam steps on
this batch and noise), torch_version, description.

    /usr/bin/python3 tools/make_fixture.py           # write the file, then check it
    /usr/bin/python3 tools/make_fixture.py --check   # only read it back and check it
"""
import argparse
import copy
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_vae  # noqa: E402

DEFAULT_OUT = os.path.join(seed_vae.REPO_ROOT, "src", "test", "resources", "fixtures",
                           "pytorch_reference.safetensors")
BATCH = 8
EPS_SEED = 7
ADAM_STEPS = 5

DESCRIPTION = (
    "Seed VAE (784-400-10, mu/logvar 10-2, decoder 2-10-400-784, sigmoid output) in float32 after "
    "torch.manual_seed(42) and default init. x: first 8 MNIST training images (byte/255). "
    "eps: torch.randn(8,2) from a generator seeded 7. Forward: z = mu + eps*exp(0.5*logvar). "
    "loss = binary_cross_entropy(x_pred, x, reduction='sum') + KL sum, "
    "KL = -0.5*sum(1 + logvar - mu^2 - exp(logvar)). grad.*: gradient of that batch sum. "
    "step1.*: parameters after one torch.optim.Adam step (lr=1e-3, betas=(0.9,0.999), eps=1e-8, "
    "no weight decay). adam_losses: loss before each of 5 Adam steps on the same batch and eps. "
    "loss_f64: the same loss with model, x and eps in float64."
)


# ---------------------------------------------------------------- safetensors, by hand

def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, float32 numpy array), packed contiguously in this order."""
    header = {}
    offset = 0
    blobs = []
    for name, array in tensors:
        blob = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((-(8 + len(text))) % 8)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """(dict name -> float32 numpy array in file order, metadata dict); checks the layout."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert (8 + n) % 8 == 0, "header not padded to a multiple of 8"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
    tensors = {}
    expected_begin = 0
    for name, info in header.items():
        begin, end = info["data_offsets"]
        assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}"
        assert begin == expected_begin, f"{name}: not packed contiguously"
        assert end - begin == 4 * int(np.prod(info["shape"], dtype=np.int64)), f"{name}: size"
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
        expected_begin = end
    assert expected_begin == len(data), "trailing bytes after the last tensor"
    return tensors, metadata


# ---------------------------------------------------------------- the reference computation

def forward(model, x, eps):
    """The seed's forward pass with the noise given instead of drawn."""
    mu, logvar = model.encode(x)
    std = torch.exp(0.5 * logvar)
    z = mu + eps * std
    x_pred = model.decode(z)
    bce, kl = seed_vae.loss_terms(x, x_pred, mu, logvar)
    return x_pred, mu, logvar, bce, kl


def adam_losses(model, x, eps, steps):
    """The loss before each of `steps` Adam steps on one batch, on a copy of the model."""
    model = copy.deepcopy(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=seed_vae.LEARNING_RATE)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        _, _, _, bce, kl = forward(model, x, eps)
        loss = bce + kl
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses


def unclamped_bce(x, x_pred):
    """BCE sum without PyTorch's clamp of each log at -100 (equal to it when no log is below -100)."""
    return -(x * torch.log(x_pred) + (1 - x) * torch.log(1 - x_pred)).sum().item()


def build(data_dir):
    """(list of (name, array), metadata) for the fixture."""
    torch.manual_seed(seed_vae.SEED)
    model = seed_vae.VAE(torch.device('cpu'))
    initial = copy.deepcopy(model)
    x = torch.from_numpy(seed_vae.load_mnist(data_dir, train=True)[0][:BATCH].copy())
    eps = torch.randn(BATCH, 2, generator=torch.Generator().manual_seed(EPS_SEED))

    x_pred, mu, logvar, bce, kl = forward(model, x, eps)
    loss = bce + kl
    loss.backward()
    names = [name for name, _ in model.named_parameters()]
    params = {name: p.detach().clone() for name, p in model.named_parameters()}
    grads = {name: p.grad.detach().clone() for name, p in model.named_parameters()}

    optimizer = torch.optim.Adam(model.parameters(), lr=seed_vae.LEARNING_RATE)
    optimizer.step()
    step1 = {name: p.detach().clone() for name, p in model.named_parameters()}

    model64 = copy.deepcopy(initial).double()
    x_pred64, _, _, bce64, kl64 = forward(model64, x.double(), eps.double())
    losses = adam_losses(initial, x, eps, ADAM_STEPS)

    report = {
        "x_pred_min": x_pred.min().item(), "x_pred_max": x_pred.max().item(),
        "bce_f64": bce64.item(), "kl_f64": kl64.item(),
        "bce_f64_without_log_clamp": unclamped_bce(x.double(), x_pred64),
    }
    for key, value in report.items():
        print(f"{key} {value!r}")

    tensors = [("x", x), ("eps", eps)]
    tensors += [(name, params[name]) for name in names]
    tensors += [("grad." + name, grads[name]) for name in names]
    tensors += [("mu", mu), ("logvar", logvar), ("x_pred", x_pred)]
    tensors += [("step1." + name, step1[name]) for name in names]
    tensors = [(name, t.detach().numpy()) for name, t in tensors]
    metadata = {
        "loss": repr(loss.item()),
        "bce": repr(bce.item()),
        "kl": repr(kl.item()),
        "loss_f64": repr((bce64 + kl64).item()),
        "adam_losses": json.dumps(losses),
        "torch_version": torch.__version__,
        "description": DESCRIPTION,
    }
    return tensors, metadata


# ---------------------------------------------------------------- check

def max_diff(a, b):
    return float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))


def check(path, data_dir, tol=1e-4):
    """Reads the file back and recomputes what it claims from its own tensors."""
    tensors, metadata = read_safetensors(path)
    print(f"{path}: {len(tensors)} tensors, {os.path.getsize(path)} bytes")
    for key in ("loss", "bce", "kl", "loss_f64", "adam_losses", "torch_version"):
        print(f"  {key} = {metadata[key]}")

    model = seed_vae.VAE(torch.device('cpu'))
    names = [name for name, _ in model.named_parameters()]
    expected = ["x", "eps"] + names + ["grad." + n for n in names] + ["mu", "logvar", "x_pred"] \
        + ["step1." + n for n in names]
    assert list(tensors) == expected, f"tensor names/order differ: {list(tensors)}"
    state = model.state_dict()
    for name in names:
        assert tuple(tensors[name].shape) == tuple(state[name].shape), f"{name}: shape"
    model.load_state_dict({name: torch.from_numpy(tensors[name].copy()) for name in names})

    x = torch.from_numpy(tensors["x"].copy())
    eps = torch.from_numpy(tensors["eps"].copy())
    x_pred, mu, logvar, bce, kl = forward(model, x, eps)
    loss = bce + kl
    loss.backward()
    optimizer = torch.optim.Adam(model.parameters(), lr=seed_vae.LEARNING_RATE)
    optimizer.step()

    worst = 0.0
    rows = [("x vs MNIST", seed_vae.load_mnist(data_dir, train=True)[0][:BATCH], tensors["x"]),
            ("mu", mu.detach(), tensors["mu"]), ("logvar", logvar.detach(), tensors["logvar"]),
            ("x_pred", x_pred.detach(), tensors["x_pred"])]
    for name, p in model.named_parameters():
        rows.append(("grad." + name, p.grad, tensors["grad." + name]))
        rows.append(("step1." + name, p.detach(), tensors["step1." + name]))
    for label, got, stored in rows:
        d = max_diff(got, stored)
        scale = max(1.0, float(np.max(np.abs(stored))))
        worst = max(worst, d / scale)
        print(f"  {label:28s} max|diff| {d:.3e}")
    d_loss = abs(loss.item() - float(metadata["loss"]))
    print(f"  loss recomputed {loss.item()!r}, stored {metadata['loss']}, diff {d_loss:.3e}")
    worst = max(worst, d_loss / abs(float(metadata["loss"])))
    losses = json.loads(metadata["adam_losses"])
    assert len(losses) == ADAM_STEPS and losses[0] == float(metadata["loss"])
    ok = worst <= tol
    print("OK" if ok else f"FAILED: largest relative difference {worst:.3e} > {tol}")
    return ok


def main():
    parser = argparse.ArgumentParser(description="Write (or --check) the PyTorch reference fixture.")
    parser.add_argument("--data", default=seed_vae.default_data_dir(), help="folder with the MNIST .gz files")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="only read the file back and verify it")
    args = parser.parse_args()
    torch.set_num_threads(1)

    if not args.check:
        tensors, metadata = build(args.data)
        write_safetensors(args.out, tensors, metadata)
        print(f"wrote {args.out}")
    sys.exit(0 if check(args.out, args.data) else 1)


if __name__ == "__main__":
    main()
