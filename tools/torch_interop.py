#!/usr/bin/env python3
"""Checkpoints move both ways between this project and the seed's PyTorch model.

    /usr/bin/python3 tools/torch_interop.py load CHECKPOINT.safetensors
        Loads a checkpoint written by `vae train` into the seed's VAE class (or, for one of
        `vae train --model ae`, its plain autoencoder) with load_state_dict(strict=True) and prints
        the test loss PyTorch computes with it (per image, z sampled as in the seed's forward
        pass), as `test_loss VALUE`.

    /usr/bin/python3 tools/torch_interop.py export OUT.safetensors [--epochs N] [--from SEED.pt]
        Trains the seed's model with PyTorch for N epochs (default 1), or takes the weights of a
        seed-format .pt checkpoint, and writes its state_dict as safetensors, which
        `vae evaluate --checkpoint OUT.safetensors` and `vae train --init OUT.safetensors` read.
        Prints the test loss PyTorch measured, as `test_loss VALUE`.

Nothing is unpickled from a .safetensors file; a .pt file given to --from is loaded with
torch.load(weights_only=...) where this PyTorch supports it.
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_vae  # noqa: E402
from make_fixture import read_safetensors, write_safetensors  # noqa: E402

PARAMETERS = [
    "encoder.fc1.weight", "encoder.fc1.bias", "encoder.fc2.weight", "encoder.fc2.bias",
    "mu_layer.weight", "mu_layer.bias", "logvar_layer.weight", "logvar_layer.bias",
    "decoder.fc1.weight", "decoder.fc1.bias", "decoder.fc2.weight", "decoder.fc2.bias",
    "decoder.fc3.weight", "decoder.fc3.bias",
]


def test_loss(model, data_dir, seed):
    torch.manual_seed(seed)
    test_x = torch.from_numpy(seed_vae.load_mnist(data_dir, train=False)[0])
    return seed_vae.evaluate(model, seed_vae.tensor_batches(test_x, seed_vae.BATCH_SIZE), len(test_x))


def load(args):
    tensors, metadata = read_safetensors(args.checkpoint)
    # the file also holds Adam's moments (optimizer.*); the model's state_dict is the 14 parameters
    state = {name: torch.from_numpy(np.array(tensors[name])) for name in tensors if not name.startswith("optimizer.")}
    # a plain autoencoder (vae train --model ae) says model=ae, and has no logvar_layer
    plain = metadata.get("model") == "ae"
    model = seed_vae.AE() if plain else seed_vae.VAE()
    model.load_state_dict(state, strict=True)
    print(f"loaded {args.checkpoint} into the seed's {'plain autoencoder' if plain else 'VAE'} with strict=True "
          f"({len(state)} tensors, epoch {metadata.get('epoch', '?')})")
    print(f"test_loss {test_loss(model, args.data, args.seed):.6f}")


def export(args):
    torch.manual_seed(seed_vae.SEED)
    model = seed_vae.VAE()
    if args.source:
        try:
            saved = torch.load(args.source, map_location="cpu", weights_only=True)
        except TypeError:  # PyTorch before 1.13 has no weights_only
            saved = torch.load(args.source, map_location="cpu")
        model.load_state_dict(saved.get("model_state_dict", saved), strict=True)
        epoch = str(saved.get("epoch", 0)) if isinstance(saved, dict) else "0"
    else:
        train_x = torch.from_numpy(seed_vae.load_mnist(args.data, train=True)[0])
        optimizer = torch.optim.Adam(model.parameters(), lr=seed_vae.LEARNING_RATE)
        order = torch.Generator().manual_seed(seed_vae.SEED)
        for e in range(1, args.epochs + 1):
            loss = seed_vae.train_epoch(model, optimizer, seed_vae.tensor_batches(train_x, seed_vae.BATCH_SIZE, order),
                                        len(train_x))
            print(f"epoch {e} train_loss {loss:.6f}")
        epoch = str(args.epochs)
    state = model.state_dict()
    write_safetensors(args.out, [(name, state[name].detach().numpy()) for name in PARAMETERS],
                      {"format": "vae-checkpoint", "format_version": "1", "epoch": epoch,
                       "exported_by": f"torch {torch.__version__}"})
    print(f"wrote {args.out}")
    print(f"test_loss {test_loss(model, args.data, args.seed):.6f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=seed_vae.default_data_dir(), help="folder with the MNIST .gz files")
    parser.add_argument("--seed", type=int, default=seed_vae.SEED, help="seed of the test-time sampling noise")
    sub = parser.add_subparsers(dest="command", required=True)
    p_load = sub.add_parser("load", help="load our checkpoint into the seed's model")
    p_load.add_argument("checkpoint")
    p_export = sub.add_parser("export", help="write PyTorch weights as a checkpoint of ours")
    p_export.add_argument("out")
    p_export.add_argument("--epochs", type=int, default=1)
    p_export.add_argument("--from", dest="source", help="a seed-format .pt checkpoint to take the weights from")
    args = parser.parse_args()
    torch.set_num_threads(1)
    load(args) if args.command == "load" else export(args)


if __name__ == "__main__":
    main()
