"""A station in one zip file, taken while it runs, put back on a new PC.

What is kept: the log and the accounts (through SQLite's online backup: a consistent copy while the daemon
writes, never a torn file), schedule.yaml, the bulletins (scripts/), the station's own audio (jingles, beds,
recordings; not audio/rendered/, which is made again), what the hub sent beside schedule.yaml and the hub
link, and a manifest with each file's sha256. Voice model files (voices/) are large and come from their own
source: the manifest lists their names and hashes, so a restore says which to copy back.

A restore goes into a new folder only, refuses paths that would leave it, checks every hash, keeps the
secrets owner-only, and ends with `radio check` of the result.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from radio.accounts import Accounts
from radio.errors import StationError
from radio.files import atomic_path, file_digest
from radio.logbook import Logbook
from radio.speech.keys import KEYS_FILE

MANIFEST = "radio-backup.json"
DATABASES = (Logbook.FILE, Accounts.FILE)
BESIDE = ("schedule.yaml", "hub-policy.json", "hub-campaigns.yaml", "hub-link.json", KEYS_FILE)
SECRETS = (Accounts.FILE, "hub-link.json", KEYS_FILE)  # owner-only after a restore, as they were made
SKIPPED = ("audio/rendered/",)  # made again from the rest


def backup(folder: Path, target: Path) -> dict:
    """Write the zip; returns its manifest."""
    folder, target = Path(folder), Path(target)
    if target.suffix.lower() != ".zip":
        raise StationError("tệp sao lưu phải có đuôi .zip.", target)
    if target.resolve().is_relative_to(folder.resolve()):
        raise StationError("đặt tệp sao lưu ngoài thư mục đài (ví dụ ổ USB hay thư mục khác).", target)
    if not target.parent.is_dir():
        raise StationError("không có thư mục này (ổ USB chưa cắm?).", target.parent,
                           hint="cắm ổ hoặc tạo thư mục trước, rồi chạy lại.")
    files, voices = _station_files(folder), _voices(folder)
    manifest = {"made_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "files": {},
                "voices": voices}
    with tempfile.TemporaryDirectory() as scratch, atomic_path(target) as temp:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in DATABASES:
                if (folder / name).is_file():
                    copy = Path(scratch) / name
                    _online_copy(folder / name, copy)
                    _add(archive, manifest, copy, name)
            for path in files:
                _add(archive, manifest, path, path.relative_to(folder).as_posix())
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def restore(archive_path: Path, folder: Path) -> dict:
    """Unpack into `folder` (new or empty), checking every file against the manifest; returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise StationError("thư mục khôi phục phải mới hoặc trống (không ghi đè lên một đài đang có).", folder)
    try:
        archive = zipfile.ZipFile(archive_path)
    except (OSError, zipfile.BadZipFile) as error:
        raise StationError(f"không đọc được tệp sao lưu ({error}).", Path(archive_path)) from None
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        except (KeyError, ValueError):
            raise StationError("tệp này không phải bản sao lưu của radio (thiếu radio-backup.json).",
                               Path(archive_path)) from None
        for name, kept in manifest["files"].items():
            target = _inside(folder, name, archive_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                data = archive.read(name)
            except KeyError:
                raise StationError(f"bản sao lưu thiếu tệp {name}.", Path(archive_path)) from None
            target.write_bytes(data)
            if file_digest(target) != kept["sha256"]:
                raise StationError(f"tệp {name} trong bản sao lưu bị hỏng (mã băm không khớp).", Path(archive_path))
    for name in SECRETS:
        if (folder / name).is_file():
            (folder / name).chmod(0o600)
    return manifest


def _station_files(folder: Path) -> list[Path]:
    found = [folder / name for name in BESIDE if (folder / name).is_file()]
    for part in ("scripts", "audio"):
        for path in sorted((folder / part).rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and not relative.startswith(SKIPPED):
                found.append(path)
    return found


def _voices(folder: Path) -> list[dict]:
    voices = folder / "voices"
    return [{"name": path.relative_to(voices).as_posix(), "sha256": file_digest(path), "size": path.stat().st_size}
            for path in sorted(voices.rglob("*")) if path.is_file()] if voices.is_dir() else []


def _online_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot while the daemon keeps writing (it retries the pages a
    writer changed), read-only on the source."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer, pages=256)
    except sqlite3.Error as error:
        raise StationError(f"không sao được {source.name} ({error}).", source) from None
    finally:
        writer.close()
        reader.close()


def _add(archive: zipfile.ZipFile, manifest: dict, path: Path, name: str) -> None:
    manifest["files"][name] = {"sha256": file_digest(path), "size": path.stat().st_size}
    archive.write(path, name)


def _inside(folder: Path, name: str, archive_path: Path) -> Path:
    """Where a member goes: inside `folder`, never above it or at an absolute path (a crafted zip)."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts or ":" in parts[0]:
        raise StationError(f"bản sao lưu có đường dẫn không hợp lệ: {name}.", Path(archive_path))
    return folder.joinpath(*parts)
