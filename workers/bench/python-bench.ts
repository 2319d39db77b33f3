/**
 * The Keras and PyTorch side of train-bench, run as `python -c PYTHON_BENCH <framework> <samples>
 * <epochs>`: the same MLP, batch, optimizer and synthetic data shape, timing each epoch's
 * training only, printing one JSON line.
 */
export const PYTHON_BENCH = String.raw`
import json, os, sys, time
framework, samples, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
import numpy as np
rng = np.random.default_rng(1)
x = rng.random((samples, 784), dtype=np.float32)
y = rng.integers(0, 10, samples).astype(np.int64)
threads = os.cpu_count()
rates = []
if framework == 'torch':
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(samples)
        for i in range(0, samples, 128):
            idx = order[i:i + 128]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        rates.append(samples / (time.perf_counter() - start))
    version = 'torch ' + torch.__version__
else:
    import keras, tensorflow as tf
    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None): self.start = time.perf_counter()
        def on_epoch_end(self, epoch, logs=None): rates.append(samples / (time.perf_counter() - self.start))
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256, activation='relu'),
                              keras.layers.Dense(128, activation='relu'), keras.layers.Dense(10)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, batch_size=128, epochs=epochs, verbose=0, shuffle=True, callbacks=[Timer()])
    version = 'keras ' + keras.__version__ + ' / tf ' + tf.__version__
print(json.dumps({'rates': rates, 'version': version, 'threads': threads}))
`;
