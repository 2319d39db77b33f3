"""Holdout quick start: train elsewhere, rank on the team's dev split.

    export HOLDOUT_URL=http://localhost:3000 HOLDOUT_TOKEN=hld_...
    python3 clients/python/quickstart.py --split <split id>

Downloads the split's train and dev rows (never test labels), fits a softmax (classification) or
linear (regression) model by gradient descent in plain Python, logs its curves each epoch, sends
its dev predictions for the server to score, and ends the run. Swap the model for yours: the
Holdout calls are the five lines marked HOLDOUT.
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import holdout  # noqa: E402


def encode(columns, rows, stats=None):
    """Numeric features standardised on train; text features one-hot over train's values."""
    features = columns[1:]
    if stats is None:
        stats = []
        for j in range(len(features)):
            values = [r[j + 1] for r in rows]
            if all(isinstance(v, float) or v is None for v in values):
                present = [v for v in values if v is not None]
                mean = sum(present) / max(1, len(present))
                sd = math.sqrt(sum((v - mean) ** 2 for v in present) / max(1, len(present))) or 1.0
                stats.append(("num", mean, sd))
            else:
                stats.append(("cat", sorted({str(v) for v in values if v is not None})))
    out = []
    for r in rows:
        x = [1.0]
        for j, s in enumerate(stats):
            v = r[j + 1]
            if s[0] == "num":
                x.append(0.0 if v is None else (float(v) - s[1]) / s[2])
            else:
                x.extend(1.0 if str(v) == c else 0.0 for c in s[1])
        out.append(x)
    return out, stats


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", required=True)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--name", default="python quickstart")
    args = parser.parse_args()

    h = holdout.connect()  # HOLDOUT
    task = h.split(args.split)["taskKind"]
    columns, train = h.split_rows(args.split, "train")  # HOLDOUT
    _, dev = h.split_rows(args.split, "dev")
    n_features = len(columns) - 2  # row index first, label last
    xs, stats = encode(columns[:-1], [r[:-1] for r in train])
    dev_xs, _ = encode(columns[:-1], [r[:-1] for r in dev], stats)
    run = h.run(args.split, name=args.name, config={"model": "softmax" if task == "classification" else "linear", "lr": args.lr, "epochs": args.epochs, "features": n_features}, source={"framework": "python stdlib", "script": "clients/python/quickstart.py"})  # HOLDOUT

    d = len(xs[0])
    if task == "classification":
        classes = sorted({r[-1] for r in train})
        index = {c: i for i, c in enumerate(classes)}
        ys = [index[r[-1]] for r in train]
        dev_ys = [index.get(r[-1], -1) for r in dev]
        w = [[0.0] * d for _ in classes]

        def predict(x):
            return softmax([sum(wi * xi for wi, xi in zip(row, x)) for row in w])

        for epoch in range(1, args.epochs + 1):
            grad = [[0.0] * d for _ in classes]
            loss = 0.0
            for x, y in zip(xs, ys):
                p = predict(x)
                loss -= math.log(max(p[y], 1e-12))
                for k in range(len(classes)):
                    g = p[k] - (1.0 if k == y else 0.0)
                    for j in range(d):
                        grad[k][j] += g * x[j]
            for k in range(len(classes)):
                for j in range(d):
                    w[k][j] -= args.lr * grad[k][j] / len(xs)
            dev_p = [predict(x) for x in dev_xs]
            dev_loss = -sum(math.log(max(p[y], 1e-12)) for p, y in zip(dev_p, dev_ys) if y >= 0) / max(1, len(dev_ys))
            train_acc = sum(1 for x, y in zip(xs, ys) if max(range(len(classes)), key=predict(x).__getitem__) == y) / len(xs)
            dev_acc = sum(1 for p, y in zip(dev_p, dev_ys) if max(range(len(classes)), key=p.__getitem__) == y) / max(1, len(dev_ys))
            run.log({"loss": loss / len(xs), "accuracy": train_acc, "val_loss": dev_loss, "val_accuracy": dev_acc}, step=epoch)  # HOLDOUT
        predictions = [classes[max(range(len(classes)), key=predict(x).__getitem__)] for x in dev_xs]
    else:
        ys = [float(r[-1]) for r in train]
        mean_y = sum(ys) / len(ys)
        sd_y = math.sqrt(sum((y - mean_y) ** 2 for y in ys) / len(ys)) or 1.0
        w = [0.0] * d
        for epoch in range(1, args.epochs + 1):
            grad = [0.0] * d
            loss = 0.0
            for x, y in zip(xs, ys):
                err = sum(wi * xi for wi, xi in zip(w, x)) - (y - mean_y) / sd_y
                loss += err * err
                for j in range(d):
                    grad[j] += err * x[j]
            w = [wi - args.lr * gj / len(xs) for wi, gj in zip(w, grad)]
            dev_rmse = math.sqrt(sum((mean_y + sd_y * sum(wi * xi for wi, xi in zip(w, x)) - float(r[-1])) ** 2 for x, r in zip(dev_xs, dev)) / len(dev))
            run.log({"loss": loss / len(xs), "val_rmse": dev_rmse}, step=epoch)
        predictions = [mean_y + sd_y * sum(wi * xi for wi, xi in zip(w, x)) for x in dev_xs]

    score = run.predict_dev(predictions)  # HOLDOUT: the server scores these
    run.finish()
    metric = "accuracy" if task == "classification" else "rmse"
    print(f"run #{run.number}: server-scored dev {metric} {score[metric]:.4f} on {score['devCount']} rows")


if __name__ == "__main__":
    main()
