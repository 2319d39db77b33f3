"""Holdout's Python client: one module, standard library only.

A script that trains elsewhere (PyTorch, Keras, scikit-learn) joins a team's frozen split:

    import holdout
    h = holdout.connect()                        # HOLDOUT_URL, HOLDOUT_TOKEN
    columns, train = h.split_rows(split_id, "train")   # features and the label (last column)
    run = h.run(split_id, name="torch mlp", config={"lr": 1e-3})
    run.log({"loss": 0.41, "val_accuracy": 0.88}, step=3)   # batched in the background
    run.predict_dev(predictions)                  # the server scores these; this is what ranks
    run.finish()

Keras: ``model.fit(..., callbacks=[holdout.KerasCallback(run)])``.

Logged points are sent in batches (every second, or at 1,000 points), retried with backoff on
network errors, 429 and 5xx (the server takes a retried batch idempotently), and spooled to disk
while the server stays unreachable, to be sent first on the next flush, even by a later process.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import os
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

__all__ = ["connect", "Holdout", "Run", "HoldoutError", "KerasCallback"]

MAX_BATCH = 1000
Prediction = Union[str, int, float]


class HoldoutError(Exception):
    """A refusal from the server; ``str(error)`` names the field and row, as the API says it."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code


class Holdout:
    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, spool_dir: Optional[str] = None, retries: int = 5, flush_interval: float = 1.0):
        url = url or os.environ.get("HOLDOUT_URL")
        token = token or os.environ.get("HOLDOUT_TOKEN")
        if not url:
            raise ValueError("Holdout: set HOLDOUT_URL (or pass url), e.g. http://localhost:3000")
        if not token:
            raise ValueError("Holdout: set HOLDOUT_TOKEN (or pass token): create one on your account page")
        self.url = url.rstrip("/")
        self._token = token
        self.spool_dir = spool_dir or os.path.join(os.path.expanduser("~"), ".holdout", "spool")
        self.retries = retries
        self.flush_interval = flush_interval
        self._team_id: Optional[str] = None

    @property
    def team_id(self) -> str:
        if self._team_id is None:
            self._team_id = self.request("GET", "/teams")[0]["id"]
        return self._team_id

    def request(self, method: str, route: str, body: Any = None, raw: Optional[Tuple[bytes, str]] = None) -> Any:
        """One API call, retried with exponential backoff on network errors, 429 (after Retry-After) and 5xx."""
        headers = {"Authorization": f"Bearer {self._token}"}
        data = None
        if body is not None:
            # allow_nan=False: NaN is not JSON; the server names the point instead of failing to parse.
            data = json.dumps(body, allow_nan=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif raw is not None:
            data, headers["Content-Type"] = raw
        attempt = 0
        while True:
            request = urllib.request.Request(f"{self.url}/api/v1{route}", data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    payload = response.read()
                    kind = response.headers.get("Content-Type", "")
                    return json.loads(payload) if "json" in kind else payload.decode("utf-8")
            except urllib.error.HTTPError as error:
                retryable = error.code == 429 or error.code >= 500
                attempt += 1
                if retryable and attempt < self.retries:
                    after = error.headers.get("Retry-After")
                    time.sleep(float(after) if after and after.isdigit() else _backoff(attempt))
                    continue
                try:
                    detail = json.loads(error.read()).get("error", {})
                except ValueError:
                    detail = {}
                raise HoldoutError(error.code, detail.get("code", str(error.code)), detail.get("message", error.reason)) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                attempt += 1
                if attempt >= self.retries:
                    raise HoldoutError(0, "UNREACHABLE", f"Holdout at {self.url} is unreachable: {error}") from None
                time.sleep(_backoff(attempt))

    def split(self, split_id: str) -> Dict[str, Any]:
        return self.request("GET", f"/teams/{self.team_id}/splits/{split_id}")

    def split_rows(self, split_id: str, part: str) -> Tuple[List[str], List[List[Any]]]:
        """A split's rows: train and dev with their label (the last column), test with features only.

        Rows come in ascending dataset row order (the first column, ``row``); send predictions in this order.
        Feature numbers are floats, missing values None, everything else (and the label) text.
        """
        text = self.request("GET", f"/teams/{self.team_id}/splits/{split_id}/data/{part}")
        reader = csv.reader(io.StringIO(text))
        columns = next(reader)
        label = len(columns) - 1 if part != "test" else -1
        return columns, [[(v if i == label else _cell(v)) for i, v in enumerate(row)] for row in reader]

    def leaderboard(self, split_id: str) -> Dict[str, Any]:
        return self.request("GET", f"/teams/{self.team_id}/splits/{split_id}/leaderboard")

    def run(self, split: str, name: Optional[str] = None, config: Optional[Dict[str, Any]] = None, tags: Sequence[str] = (), source: Optional[Dict[str, str]] = None) -> "Run":
        """Starts an external run on a split (status running)."""
        body: Dict[str, Any] = {"splitId": split, "config": config or {}, "tags": list(tags), "source": source or {}}
        if name:
            body["name"] = name
        created = self.request("POST", f"/teams/{self.team_id}/runs", body)
        return Run(self, created["id"], created["number"])

    def replay_spool(self) -> int:
        """Sends batches spooled by earlier (interrupted) processes; each is idempotent on the server."""
        sent = 0
        if not os.path.isdir(self.spool_dir):
            return 0
        for name in sorted(n for n in os.listdir(self.spool_dir) if n.endswith(".json")):
            path = os.path.join(self.spool_dir, name)
            with open(path, encoding="utf-8") as f:
                batch = json.load(f)
            if batch.get("url") != self.url:
                continue
            try:
                self.request("POST", f"/teams/{batch['teamId']}/runs/{batch['runId']}/metrics", {"points": batch["points"]})
            except HoldoutError as error:
                if error.status == 0:
                    return sent  # Still unreachable: keep the rest.
                os.replace(path, path + ".refused")  # Refused for good: kept aside for a person.
                continue
            os.remove(path)
            sent += 1
        return sent


class Run:
    def __init__(self, client: Holdout, run_id: str, number: int):
        self.client = client
        self.id = run_id
        self.number = number
        self._pending: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._timer: Optional[threading.Timer] = None
        atexit.register(self.flush)

    def _route(self, suffix: str) -> str:
        return f"/teams/{self.client.team_id}/runs/{self.id}{suffix}"

    def log(self, metrics: Dict[str, float], step: int) -> None:
        """Queues one value per metric at ``step``; sent in the background."""
        with self._lock:
            for key, value in metrics.items():
                self._pending.append({"key": key, "step": int(step), "value": float(value)})
            full = len(self._pending) >= MAX_BATCH
            if not full and self._timer is None:
                self._timer = threading.Timer(self.client.flush_interval, self.flush)
                self._timer.daemon = True
                self._timer.start()
        if full:
            self.flush()

    def flush(self) -> None:
        """Sends everything queued so far (spooling to disk what cannot be sent)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            pending, self._pending = self._pending, []
        self.client.replay_spool()
        for i in range(0, len(pending), MAX_BATCH):
            try:
                self.client.request("POST", self._route("/metrics"), {"points": pending[i : i + MAX_BATCH]})
            except HoldoutError as error:
                if error.status != 0:
                    raise
                _spool(self.client.spool_dir, {"url": self.client.url, "teamId": self.client.team_id, "runId": self.id, "points": pending[i:]})
                return

    def log_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return self.client.request("POST", self._route("/params"), {"params": params})

    def predict_dev(self, predictions: Iterable[Prediction]) -> Dict[str, Any]:
        """One prediction per dev row, in the order of the dev download; returns the server's score."""
        return self.client.request("POST", self._route("/dev-predictions"), {"predictions": list(predictions)})

    def request_test(self, predictions: Iterable[Prediction], reason: str = "") -> Dict[str, Any]:
        """The run's test evaluation: spends the split's test budget once per distinct set of predictions."""
        return self.client.request("POST", self._route("/test-evaluations"), {"predictions": list(predictions), "reason": reason})

    def upload_artifact(self, path: str, data: Union[bytes, str], content_type: str = "application/octet-stream") -> Dict[str, Any]:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        quoted = "/".join(urllib.parse.quote(part, safe="") for part in path.split("/"))
        return self.client.request("PUT", self._route(f"/artifacts/{quoted}"), raw=(payload, content_type))

    def finish(self, status: str = "succeeded", reason: Optional[str] = None) -> None:
        """Flushes, then ends the run (succeeded unless told otherwise)."""
        self.flush()
        atexit.unregister(self.flush)
        body: Dict[str, Any] = {"status": status}
        if reason:
            body["reason"] = reason
        self.client.request("POST", self._route("/status"), body)


def _keras_base() -> type:
    try:
        import keras  # type: ignore

        return keras.callbacks.Callback
    except Exception:  # Keras missing: the callback still works when its hooks are called.
        return object


class KerasCallback(_keras_base()):  # type: ignore[misc]
    """Logs Keras's per-epoch logs (loss, accuracy, val_loss, val_accuracy …) into a Holdout run."""

    def __init__(self, run: Run):
        super().__init__()
        self.run = run

    def on_epoch_end(self, epoch: int, logs: Optional[Dict[str, float]] = None) -> None:
        finite = {k: float(v) for k, v in (logs or {}).items() if isinstance(v, (int, float)) and v == v and abs(v) != float("inf")}
        if finite:
            self.run.log(finite, step=epoch + 1)

    def on_train_end(self, logs: Optional[Dict[str, float]] = None) -> None:
        self.run.flush()


def connect(url: Optional[str] = None, token: Optional[str] = None, **options: Any) -> Holdout:
    return Holdout(url, token, **options)


def _backoff(attempt: int) -> float:
    return min(10.0, 0.2 * 2 ** (attempt - 1)) * (0.75 + random.random() / 2)


def _spool(directory: str, batch: Dict[str, Any]) -> None:
    os.makedirs(directory, exist_ok=True)
    name = f"{int(time.time() * 1000)}-{os.getpid()}-{random.randrange(1 << 30):08x}.json"
    tmp = os.path.join(directory, name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(batch, f)
    os.replace(tmp, os.path.join(directory, name))


def _cell(value: str) -> Any:
    if value == "":
        return None
    try:
        return float(value)
    except ValueError:
        return value
