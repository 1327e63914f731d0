"""Installing artefacts into the standards cache: from a local folder or, when allowed, the official URL.

Every file is checked against the manifest's sha256 before it lands in the cache, written to a temporary file
beside its target and renamed, and only ever inside the cache folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.request
from pathlib import Path

from citylint.standards import Artefact, ArtefactFile, StandardsError, artefact, cache_dir

MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
TIMEOUT_SECONDS = 60


def install(
    name: str, *, source_dir: Path | None = None, allow_network: bool = False, target_dir: Path | None = None
) -> list[Path]:
    """Install every file of ``name``; returns their paths in the cache. Raises StandardsError."""
    art = artefact(name)
    root = (target_dir or cache_dir()).resolve()
    return [_install_file(art, item, root, source_dir, allow_network) for item in art.files]


def _install_file(
    art: Artefact, item: ArtefactFile, root: Path, source_dir: Path | None, allow_network: bool
) -> Path:
    target = (root / art.relative(item)).resolve()
    if not target.is_relative_to(root):
        raise StandardsError(f"{art.name}: {item.name} would be written outside the cache {root}")
    data = _read(art, item, source_dir, allow_network)
    digest = hashlib.sha256(data).hexdigest()
    if digest != item.sha256:
        raise StandardsError(
            f"{art.name}: {item.name}: sha256 {digest} is not the manifest's {item.sha256}; not installed"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "wb", dir=target.parent, prefix=f".{target.name}.", delete=False
    ) as handle:
        handle.write(data)
    os.replace(handle.name, target)
    return target


def _read(art: Artefact, item: ArtefactFile, source_dir: Path | None, allow_network: bool) -> bytes:
    if source_dir is not None:
        # A mirror laid out as the manifest says, a cache-like folder, or a flat folder of the files.
        for candidate in (source_dir / item.mirror, source_dir / art.relative(item), source_dir / item.name):
            if candidate.is_file():
                try:
                    return candidate.read_bytes()
                except OSError as exc:
                    raise StandardsError(
                        f"{art.name}: cannot read {candidate}: {exc.strerror or exc}"
                    ) from exc
        if not allow_network:
            raise StandardsError(
                f"{art.name}: {item.name} not found in {source_dir} (looked for {item.mirror})"
            )
    if not allow_network:
        raise StandardsError(
            f"{art.name}: give --from DIR (a local copy) or --allow-network to download {item.url}"
        )
    return _download(item.url)


def _download(url: str) -> bytes:
    if not url.startswith("https://"):
        raise StandardsError(f"refusing to download {url}: not https")
    request = urllib.request.Request(url, headers={"User-Agent": "citylint-standards"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # https only, see above
            data: bytes = response.read(MAX_DOWNLOAD_BYTES + 1)
    except OSError as exc:
        raise StandardsError(f"cannot download {url}: {exc}") from exc
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise StandardsError(f"{url} is larger than {MAX_DOWNLOAD_BYTES} bytes; not installed")
    return data
