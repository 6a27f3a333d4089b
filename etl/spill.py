"""A prepared file's normalised columns kept on disk while it waits for the analyst's decision: a 760 000-row
workbook's columns take over a gigabyte as Python lists; on disk, one file per column, they take none of the
server's memory until «Загрузить» reads them (each column when it is asked for)."""
from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path


class SpilledColumns(Mapping):
    """field -> list of values, read from `<dir>/<n>.pkl` on each access (not kept)."""

    def __init__(self, directory: Path, columns: dict[str, list]):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, Path] = {}
        self.lengths: dict[str, int] = {}
        for i, (name, values) in enumerate(columns.items()):
            path = self.directory / f"{i}.pkl"
            with open(path, "wb") as f:
                pickle.dump(list(values), f, protocol=pickle.HIGHEST_PROTOCOL)
            self._files[name] = path
            self.lengths[name] = len(values)

    def __getitem__(self, name: str) -> list:
        path = self._files[name]  # KeyError for a field the file had no column of
        with open(path, "rb") as f:
            return pickle.load(f)  # noqa: S301 - the product's own file, written just above

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)
