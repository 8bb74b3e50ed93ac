"""The seed's variational autoencoder on MNIST, in PyTorch.

This is the reference the Java code is checked and benchmarked against. It holds:

- VAE: the seed's model class, copied as the seed report gives it
  (784 -> 400 -> 10, then two heads 10 -> 2 for mu and logvar; decoder 2 -> 10 -> 400 -> 784).
- AE: the plain autoencoder of the same shape (no logvar head, z = mu, no KL term).
- loss_terms / loss_function: binary cross-entropy summed over pixels and batch, plus the
  KL divergence summed over latent units and batch. The optimiser minimises this batch SUM.
- load_mnist: the IDX .gz files read with gzip + numpy, pixels = byte / 255 as float32.
- train_epoch / evaluate: one pass over batches; both return the per-sample loss
  (sum of batch losses / number of images).

Used as a module (bench/pytorch_epoch.py, tools/make_fixture.py) and as a command:

    /usr/bin/python3 tools/seed_vae.py --epochs 3 --save out/vae_epoch_3.pt
"""
import argparse
import gzip
import os
import struct
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH_SIZE = 128
LEARNING_RATE = 1e-3
SEED = 42

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MNIST_FILES = {
    True: ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    False: ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


# ---------------------------------------------------------------- model (as in the seed)

class VAE(nn.Module):
    def __init__(self, device=torch.device('cpu'), input_dim=784, hidden_dim=400, latent_dim=10):
        super(VAE, self).__init__()
        self.device = device
        self.encoder = nn.Sequential(
            OrderedDict([
                ('fc1', nn.Linear(input_dim, hidden_dim)),
                ('relu1', nn.ReLU()),
                ('fc2', nn.Linear(hidden_dim, latent_dim))
            ])
        )

        self.mu_layer = nn.Linear(latent_dim, 2)
        self.logvar_layer = nn.Linear(latent_dim, 2)

        self.decoder = nn.Sequential(
            OrderedDict([
                ('fc1', nn.Linear(2, latent_dim)),
                ('relu1', nn.ReLU()),
                ('fc2', nn.Linear(latent_dim, hidden_dim)),
                ('relu3', nn.ReLU()),
                ('fc3', nn.Linear(hidden_dim, input_dim)),
                ('output', nn.Sigmoid())
            ])
        )

    def encode(self, x):
        x = self.encoder(x)
        mu, logvar = self.mu_layer(x), self.logvar_layer(x)
        return mu, logvar

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std).to(self.device)
        return mu + eps * std

    def decode(self, z):
        return self.decoder(z)

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        x_pred = self.decode(z)
        return x_pred, mu, logvar


class AE(VAE):
    """The plain autoencoder of the same shape (`vae train --model ae`): the mu head alone, z = mu,
    and a loss without its KL term. Its state_dict is the VAE's without logvar_layer."""

    def __init__(self, device=torch.device('cpu'), input_dim=784, hidden_dim=400, latent_dim=10):
        super(AE, self).__init__(device, input_dim, hidden_dim, latent_dim)
        del self.logvar_layer

    def encode(self, x):
        return self.mu_layer(self.encoder(x)), None

    def forward(self, x):
        mu, _ = self.encode(x)
        return self.decode(mu), mu, None


# ---------------------------------------------------------------- loss

def loss_terms(x, x_pred, mu, logvar):
    """Returns (bce, kld), both summed over the whole batch.

    PyTorch's binary_cross_entropy clamps each log at -100, so a pixel predicted as
    exactly 0 or 1 costs at most 100 instead of infinity.
    """
    bce = F.binary_cross_entropy(x_pred, x, reduction='sum')
    if logvar is None:  # the plain autoencoder: no KL term
        return bce, torch.zeros(())
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce, kld


def loss_function(x, x_pred, mu, logvar):
    """The batch SUM of BCE and KL; argument order as in the seed's training loop."""
    bce, kld = loss_terms(x, x_pred, mu, logvar)
    return bce + kld


# ---------------------------------------------------------------- data

def default_data_dir():
    """data/mnist in this repository if it is there, else the shared copy beside it."""
    local = os.path.join(REPO_ROOT, "data", "mnist")
    if os.path.isdir(local):
        return local
    return os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "mnist")


def read_idx_gz(path):
    """One IDX file (gzip-compressed) as a numpy uint8 array of its stated shape."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {data.size} bytes of data, header says {dims}")
    return data.reshape(dims)


def load_mnist(folder, train=True):
    """(images, labels): images float32 [N, 784] = byte / 255, labels uint8 [N]."""
    image_file, label_file = MNIST_FILES[train]
    images = read_idx_gz(os.path.join(folder, image_file))
    labels = read_idx_gz(os.path.join(folder, label_file))
    images = images.reshape(images.shape[0], -1).astype(np.float32)
    images /= np.float32(255)
    return images, labels


# ---------------------------------------------------------------- training

def train_epoch(model, optimizer, batches, n_images):
    """One epoch over an iterable of [B, 784] batches; returns the per-sample loss."""
    model.train()
    total = 0.0
    for x in batches:
        optimizer.zero_grad()
        x_pred, mu, logvar = model(x)
        loss = loss_function(x, x_pred, mu, logvar)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / n_images


def evaluate(model, batches, n_images):
    """Per-sample loss with the sampling forward pass (z drawn), no gradients."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for x in batches:
            x_pred, mu, logvar = model(x)
            total += loss_function(x, x_pred, mu, logvar).item()
    return total / n_images


def tensor_batches(images, batch_size, generator=None):
    """Slices of a preloaded [N, 784] tensor; shuffled by a randperm when a generator is given."""
    n = images.shape[0]
    if generator is None:
        for i in range(0, n, batch_size):
            yield images[i:i + batch_size]
    else:
        order = torch.randperm(n, generator=generator)
        for i in range(0, n, batch_size):
            yield images[order[i:i + batch_size]]


def main():
    parser = argparse.ArgumentParser(description="Train the seed VAE on MNIST with PyTorch.")
    parser.add_argument("--data", default=default_data_dir(), help="folder with the MNIST .gz files")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--save", help="write a checkpoint (.pt) in the seed's format after the last epoch")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    train_x = torch.from_numpy(load_mnist(args.data, train=True)[0])
    test_x = torch.from_numpy(load_mnist(args.data, train=False)[0])
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    order = torch.Generator().manual_seed(SEED)

    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        train_loss = train_epoch(model, optimizer, tensor_batches(train_x, BATCH_SIZE, order), len(train_x))
        seconds = time.perf_counter() - start
        test_loss = evaluate(model, tensor_batches(test_x, BATCH_SIZE), len(test_x))
        print(f"epoch {epoch} train_loss {train_loss:.4f} test_loss {test_loss:.4f} seconds {seconds:.2f}")

    if args.save:
        os.makedirs(os.path.dirname(os.path.abspath(args.save)), exist_ok=True)
        torch.save({
            'epoch': args.epochs,
            'model_state_dict': model.state_dict(),
            'optimizer_state_dict': optimizer.state_dict(),
            'loss': train_loss,
        }, args.save)
        print(f"saved {args.save}")


if __name__ == "__main__":
    main()
