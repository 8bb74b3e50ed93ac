"""Seconds per epoch and losses of the seed VAE in PyTorch, to set beside the Java numbers.

Prints one line per epoch:

    epoch E train_loss T test_loss V seconds S

S covers only the training loop of that epoch (data loading inside the loop included,
test evaluation excluded). Losses are per sample. Two data paths (--mode):

  seed     the seed's own: torchvision datasets.MNIST(transform=ToTensor()) and
           DataLoader(batch_size=128, shuffle=True); images are decoded per item.
  tensors  the whole set preloaded into one float tensor; each epoch slices batches
           out of a torch.randperm permutation drawn from its own generator.

    /usr/bin/python3 bench/pytorch_epoch.py --mode tensors --epochs 3 --threads 1
"""
import argparse
import gzip
import os
import shutil
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import seed_vae  # noqa: E402

MNIST_GZ = [
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
]


def torchvision_root(data_dir):
    """A temporary root with MNIST/raw/ holding the four IDX files, where torchvision looks.

    torchvision 0.14 with download=False reads the raw folder's uncompressed files
    (train-images-idx3-ubyte, ...) and ignores .gz ones, so the files are unpacked there.
    """
    root = tempfile.mkdtemp(prefix="mnist-root-")
    raw = os.path.join(root, "MNIST", "raw")
    os.makedirs(raw)
    for name in MNIST_GZ:
        with gzip.open(os.path.join(data_dir, name), "rb") as src, open(os.path.join(raw, name[:-3]), "wb") as dst:
            shutil.copyfileobj(src, dst)
    return root


def seed_loaders(root):
    """The seed's datasets and loaders, with download=False."""
    from torchvision import datasets
    from torchvision.transforms import transforms
    from torch.utils.data import DataLoader

    transform = transforms.Compose([transforms.ToTensor()])
    train_dataset = datasets.MNIST(root=root, train=True, transform=transform, download=False)
    test_dataset = datasets.MNIST(root=root, train=False, transform=transform, download=False)
    train_loader = DataLoader(dataset=train_dataset, batch_size=seed_vae.BATCH_SIZE, shuffle=True)
    test_loader = DataLoader(dataset=test_dataset, batch_size=seed_vae.BATCH_SIZE, shuffle=False)
    return train_loader, test_loader


def flat(loader):
    """[B, 1, 28, 28] image batches as [B, 784], labels dropped, as the seed's loop does."""
    for data, _ in loader:
        yield data.view(data.size(0), -1)


def run_seed_mode(args, model, optimizer):
    root = torchvision_root(args.data)
    try:
        train_loader, test_loader = seed_loaders(root)
        n_train, n_test = len(train_loader.dataset), len(test_loader.dataset)
        for epoch in range(1, args.epochs + 1):
            start = time.perf_counter()
            train_loss = seed_vae.train_epoch(model, optimizer, flat(train_loader), n_train)
            seconds = time.perf_counter() - start
            test_loss = seed_vae.evaluate(model, flat(test_loader), n_test)
            report(epoch, train_loss, test_loss, seconds)
    finally:
        shutil.rmtree(root)


def run_tensors_mode(args, model, optimizer):
    train_x = torch.from_numpy(seed_vae.load_mnist(args.data, train=True)[0])
    test_x = torch.from_numpy(seed_vae.load_mnist(args.data, train=False)[0])
    order = torch.Generator().manual_seed(seed_vae.SEED)
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        batches = seed_vae.tensor_batches(train_x, seed_vae.BATCH_SIZE, order)
        train_loss = seed_vae.train_epoch(model, optimizer, batches, len(train_x))
        seconds = time.perf_counter() - start
        test_loss = seed_vae.evaluate(model, seed_vae.tensor_batches(test_x, seed_vae.BATCH_SIZE), len(test_x))
        report(epoch, train_loss, test_loss, seconds)


def report(epoch, train_loss, test_loss, seconds):
    print(f"epoch {epoch} train_loss {train_loss:.4f} test_loss {test_loss:.4f} seconds {seconds:.3f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description="Time epochs of the seed VAE in PyTorch.")
    parser.add_argument("--mode", choices=["seed", "tensors"], default="tensors")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--data", default=seed_vae.default_data_dir(), help="folder with the MNIST .gz files")
    parser.add_argument("--flush-denormal", action="store_true",
                        help="torch.set_flush_denormal(True): subnormal floats become zero (not the seed's setting)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    if args.flush_denormal:
        torch.set_flush_denormal(True)
    print(f"# torch {torch.__version__} mode {args.mode} threads {torch.get_num_threads()}"
          f" flush_denormal {args.flush_denormal} data {args.data}", flush=True)
    torch.manual_seed(seed_vae.SEED)
    model = seed_vae.VAE(torch.device('cpu'))
    optimizer = torch.optim.Adam(model.parameters(), lr=seed_vae.LEARNING_RATE)
    if args.mode == "seed":
        run_seed_mode(args, model, optimizer)
    else:
        run_tensors_mode(args, model, optimizer)


if __name__ == "__main__":
    main()
