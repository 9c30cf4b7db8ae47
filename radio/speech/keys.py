"""A bought voice's key: the process environment first (FPT_AI_KEY, VIETTEL_AI_KEY), else the station's
voice-keys.json, written by `radio voice key fpt` (owner-only, git-ignored, kept by `radio backup`). So the
service that runs the station has the key without anyone setting variables for it, which an operator who is not
an engineer cannot be asked to do on each PC. A key is never printed."""
from __future__ import annotations

import json
import os
from pathlib import Path

from radio.files import write_bytes_atomic

KEYS_FILE = "voice-keys.json"


def key_for(variable: str, folder: Path | None) -> str:
    """The key named `variable`, or "" when neither the environment nor the station has it."""
    value = os.environ.get(variable, "").strip()
    if value or folder is None:
        return value
    return str(_stored(Path(folder)).get(variable, "")).strip()


def store_key(folder: Path, variable: str, value: str) -> None:
    """Keep (or with an empty value, forget) the station's key named `variable`, readable by its owner only."""
    keys = _stored(Path(folder))
    if value.strip():
        keys[variable] = value.strip()
    else:
        keys.pop(variable, None)
    write_bytes_atomic(Path(folder) / KEYS_FILE, json.dumps(keys).encode("utf-8"), mode=0o600)


def _stored(folder: Path) -> dict:
    try:
        keys = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}
