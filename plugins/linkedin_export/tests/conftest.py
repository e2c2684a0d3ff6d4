"""Shared fixtures for the LinkedIn plugin tests (helpers are fixtures: importlib mode has no sibling imports)."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from netzwerker.importers import ImportContext, Owner
from netzwerker_linkedin_export.plugin import LinkedInExportImporter

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLES = REPO_ROOT / ".." / "shared" / "samples" / "linkedin"


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"shared samples not found at {SAMPLES} (shared/ must sit beside the repository)")
    return SAMPLES.resolve()


@pytest.fixture
def run_import() -> Callable[..., tuple[list[Any], ImportContext]]:
    def run(target: Path | str, owner: Owner | None = None, **options: object) -> tuple[list[Any], ImportContext]:
        context = ImportContext(owner=owner or Owner(), options=dict(options))
        records = list(LinkedInExportImporter().read(str(target), context))
        return records, context

    return run


@pytest.fixture
def kinds() -> Callable[[list[Any]], Counter[str]]:
    return lambda records: Counter(getattr(r, "kind", r.type) for r in records)


@pytest.fixture
def export_from_samples(samples: Path) -> Callable[..., Path]:
    """A folder holding one sample prefix's files under their export names."""

    def build(prefix: str, dest: Path, renames: dict[str, str] | None = None) -> Path:
        dest.mkdir(parents=True, exist_ok=True)
        for path in sorted(samples.glob(f"{prefix}__*")):
            name = path.name.split("__", 1)[1]
            name = (renames or {}).get(name, name)
            shutil.copyfile(path, dest / name)
        return dest

    return build


@pytest.fixture
def zip_folder() -> Callable[[Path, Path], Path]:
    def build(folder: Path, target: Path) -> Path:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, path.name)
        return target

    return build


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a text fixture: ``write("Connections.csv", text, encoding="utf-8", folder=None)``."""

    def make(name: str, text: str, encoding: str = "utf-8", folder: Path | None = None) -> Path:
        path = (folder or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return make
