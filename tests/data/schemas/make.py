"""How the fixtures beside this file were made (run once from the repository root; kept so a new schema adds
its own): for each commit on main where the logbook's or the accounts' schema changed, that commit's own code
(git archive) creates both files in a station folder, then rows and a user go in with plain SQL, through the
columns that version had. tests/test_upgrade.py opens each with today's code.

    python tests/data/schemas/make.py
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

# commit: the first commit of each logbook or accounts schema (git log -- radio/logbook.py radio/accounts.py)
COMMITS = ("2a085fc", "4edeb0a", "af68017", "d473102", "35d4e01", "d8ed43a", "edfe12e", "54d7751", "0eec09d",
           "3c0a4a2", "2a4b7c5", "bcab501", "32ea733", "9912945")
HERE = Path(__file__).parent

MAKE = r'''
import sqlite3, sys
from pathlib import Path
folder = Path(sys.argv[1])
from radio.logbook import Logbook
Logbook(folder).close()
try:
    from radio.accounts import Accounts
    Accounts(folder).close()
except ImportError:
    pass
db = sqlite3.connect(folder / "logbook.sqlite")
columns = {row[1] for row in db.execute("PRAGMA table_info(airings)")}
for n in range(1, 6):
    at = f"2026-11-2{n}T06:00:00+07:00"
    row = {"scheduled_at": at, "started_at": at, "ended_at": f"2026-11-2{n}T06:00:09+07:00", "slot": "06:00 sang",
           "program": "sang", "item": f"Mục {n}", "file": f"scripts/muc-{n}.md", "priority": "thuong",
           "voice": "espeak:vi", "duration_s": 9.0, "status": "aired" if n != 3 else "failed",
           "reason": None if n != 3 else "tệp hỏng", "kind": "bulletin", "category": "y tế", "campaign": "",
           "zone": "", "item_index": n - 1}
    row = {key: value for key, value in row.items() if key in columns}
    db.execute(f"INSERT INTO airings ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
db.commit()
db.close()
if (folder / "accounts.sqlite").exists():
    db = sqlite3.connect(folder / "accounts.sqlite")
    columns = {row[1] for row in db.execute("PRAGMA table_info(users)")}
    from argon2 import PasswordHasher
    user = {"name": "hung", "role": "duyet", "password_hash": PasswordHasher().hash("mat-khau-cua-hung"),
            "created_at": "2026-11-20T08:00:00+07:00", "strong": 1}
    user = {key: value for key, value in user.items() if key in columns}
    db.execute(f"INSERT INTO users ({', '.join(user)}) VALUES ({', '.join('?' * len(user))})", list(user.values()))
    audit = {row[1] for row in db.execute("PRAGMA table_info(audit)")}
    if audit:
        entry = {"at": "2026-11-20T08:05:00+07:00", "actor": "hung", "action": "duyệt",
                 "subject": "bulletin:tiem-chung.md", "content_sha256": "SHA", "comment": ""}
        entry = {key: value for key, value in entry.items() if key in audit}
        db.execute(f"INSERT INTO audit ({', '.join(entry)}) VALUES ({', '.join('?' * len(entry))})",
                   list(entry.values()))
    db.commit()
    db.close()
'''


def main() -> None:
    root = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                               check=True).stdout.strip())
    kept: dict[str, set] = {}
    for commit in COMMITS:
        with tempfile.TemporaryDirectory() as scratch:
            code, folder = Path(scratch) / "code", Path(scratch) / "dai"
            code.mkdir()
            folder.mkdir()
            archive = subprocess.run(["git", "archive", commit, "radio"], cwd=root, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
            # -S: no .pth files, so the editable install of today's code cannot answer for a module the old
            # commit did not have; its dependencies come from site-packages, after the old code
            subprocess.run([sys.executable, "-S", "-c", MAKE, str(folder)], cwd=code, check=True,
                           env={"PYTHONPATH": os.pathsep.join([str(code), sysconfig.get_paths()["purelib"]])})
            for name in ("logbook.sqlite", "accounts.sqlite"):
                if (folder / name).exists() and _schema(folder / name) not in kept.setdefault(name, set()):
                    kept[name].add(_schema(folder / name))  # one fixture per schema, the first commit to make it
                    source, target = sqlite3.connect(folder / name), sqlite3.connect(HERE / f"{commit}-{name}")
                    source.backup(target)
                    source.close()
                    target.close()
            print(commit, sorted(p.name for p in folder.iterdir()))


def _schema(path: Path) -> tuple:
    db = sqlite3.connect(path)
    try:
        return tuple(sorted(row[0] or "" for row in db.execute("SELECT sql FROM sqlite_master")))
    finally:
        db.close()


if __name__ == "__main__":
    main()
