"""The station's people and what they did: accounts with roles, bulletin approval, an audit trail.

One SQLite file in the station folder (`accounts.sqlite`), beside the as-run log: the CLI and the console
are two doors onto it. Passwords are kept as argon2id hashes (argon2-cffi), never in clear.

Approval is tied to a bulletin's content: an approval names the file and the SHA-256 of its bytes, so
editing an approved bulletin sends it back for approval by itself, whoever edits it and however.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from radio.errors import StationError
from radio.sqlschema import add_missing_columns, statements, upgrade

ROLES = {"bien-tap": "biên tập (soạn, sửa bản tin)", "duyet": "duyệt (duyệt bản tin, phát khẩn cấp)",
         "quan-tri": "quản trị (mọi việc: lịch, tài khoản)"}
ROLE_NAMES = {"bien-tap": "biên tập", "duyet": "duyệt", "quan-tri": "quản trị"}
APPROVERS = ("duyet", "quan-tri")
MIN_PASSWORD = 8
MIN_PASSWORD_OFF_LOOPBACK = 10  # a console other machines can reach needs every password this long
STATE_NAMES = {"cho-duyet": "chờ duyệt", "da-duyet": "đã duyệt", "tra-lai": "bị trả lại"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    strong INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    content_sha256 TEXT,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS audit_subject ON audit (subject, id);
CREATE TABLE IF NOT EXISTS sessions (
    id_sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failed_logins (name TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL);
-- 'reachable_from': where a console listened beyond this machine (from then on every password set needs
-- MIN_PASSWORD_OFF_LOOPBACK characters)
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


LATER_COLUMNS = {"users": {"strong": "INTEGER NOT NULL DEFAULT 0"}}  # added since the first accounts files


def _upgrade(db: sqlite3.Connection) -> None:
    """An accounts file of any earlier version in today's shape (radio.sqlschema: whole, or not at all)."""
    for statement in statements(_SCHEMA):
        db.execute(statement)
    for table, columns in LATER_COLUMNS.items():
        add_missing_columns(db, table, columns)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: str

    @property
    def can_approve(self) -> bool:
        return self.role in APPROVERS


def content_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Accounts:
    FILE = "accounts.sqlite"

    def __init__(self, folder: Path):
        from argon2 import PasswordHasher
        self.folder = Path(folder)
        self.path = self.folder / self.FILE
        self._hasher = PasswordHasher()
        new = not self.path.exists()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=5, check_same_thread=False)
            upgrade(self._db, _upgrade)
        except sqlite3.Error as error:
            raise StationError(f"không mở được tệp tài khoản ({error}); tệp giữ nguyên như cũ, chưa nâng cấp.",
                               self.path) from None
        if new:  # password hashes, sessions and tokens: for the station's own user only
            _owner_only(self.path)

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------------ users

    def add(self, name: str, role: str, password: str, actor: str = "(dòng lệnh)") -> User:
        name = _valid_name(name)
        _valid_role(role)
        self._valid_password(password)
        if self.user(name):
            raise StationError(f"tài khoản '{name}' đã có.", hint=f"đổi mật khẩu bằng: radio user passwd {name}")
        now = _now()
        self._db.execute("INSERT INTO users VALUES (?,?,?,?,?)", (name, role, self._hasher.hash(password), now,
                                                                 len(password) >= MIN_PASSWORD_OFF_LOOPBACK))
        self._audit(actor, "tạo tài khoản", f"user:{name}", comment=role)
        return User(name, role, now)

    def remove(self, name: str, actor: str = "(dòng lệnh)") -> None:
        if not self.user(name):
            raise StationError(f"không có tài khoản '{name}'.")
        self._db.execute("DELETE FROM users WHERE name=?", (name,))
        self.end_sessions_of(name)  # a name added again later starts with no one's old cookie
        self._audit(actor, "xóa tài khoản", f"user:{name}")

    def set_password(self, name: str, password: str, actor: str = "(dòng lệnh)") -> None:
        """A new password; every session of the account ends (whoever knew the old one is logged out)."""
        if not self.user(name):
            raise StationError(f"không có tài khoản '{name}'.")
        self._valid_password(password)
        self._db.execute("UPDATE users SET password_hash=?, strong=? WHERE name=?",
                         (self._hasher.hash(password), len(password) >= MIN_PASSWORD_OFF_LOOPBACK, name))
        self.end_sessions_of(name)
        self._audit(actor, "đổi mật khẩu", f"user:{name}")

    # ------------------------------------------------------------------ how long a password must be

    def reachable_from(self) -> str | None:
        """Where a console of this station listened beyond this machine, if one ever did."""
        row = self._db.execute("SELECT value FROM settings WHERE key='reachable_from'").fetchone()
        return row[0] if row else None

    def mark_reachable(self, listen: str) -> None:
        """A console listens where other machines reach it: from now on every password set is checked
        against the longer rule (it stays so: a console once opened to the network is likely to be again)."""
        self._db.execute("INSERT INTO settings VALUES ('reachable_from', ?) ON CONFLICT(key) DO UPDATE SET "
                         "value=excluded.value", (listen,))

    def min_password(self) -> int:
        return MIN_PASSWORD_OFF_LOOPBACK if self.reachable_from() else MIN_PASSWORD

    def _valid_password(self, password: str) -> None:
        shortest = self.min_password()
        if not isinstance(password, str) or len(password) < shortest:
            why = (f" vì bảng điều khiển mở cho các máy khác ({self.reachable_from()})"
                   if shortest > MIN_PASSWORD else "")
            raise StationError(f"mật khẩu quá ngắn (cần ít nhất {shortest} ký tự{why}).")

    def user(self, name: str) -> User | None:
        row = self._db.execute("SELECT name, role, created_at FROM users WHERE name=?", (name,)).fetchone()
        return User(*row) if row else None

    def users(self) -> list[User]:
        return [User(*row) for row in self._db.execute("SELECT name, role, created_at FROM users ORDER BY name")]

    def weak_passwords(self) -> list[str]:
        """Accounts whose password is shorter than a console reachable from other machines needs."""
        return [row[0] for row in self._db.execute("SELECT name FROM users WHERE strong=0 ORDER BY name")]

    def verify(self, name: str, password: str) -> User | None:
        """The user when the password is right, else None (the same answer for an unknown name)."""
        from argon2.exceptions import InvalidHashError, VerificationError
        row = self._db.execute("SELECT password_hash FROM users WHERE name=?", (name,)).fetchone()
        if row is None:
            self._hasher.hash(password)  # as slow as a real check: no telling which names exist
            return None
        try:
            self._hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            return None
        return self.user(name)

    # ------------------------------------------------------------------ login throttle
    # Kept here, not in a console process's memory: every console worker sees the same failures, and a
    # restart of the console does not forgive them.

    def recent_failures(self, name: str, address: str, window_s: float) -> int:
        now = time.time()
        self._db.execute("DELETE FROM failed_logins WHERE at < ?", (now - window_s,))
        return self._db.execute("SELECT count(*) FROM failed_logins WHERE name=? AND address=?",
                                (name, address)).fetchone()[0]

    def login_failed(self, name: str, address: str) -> None:
        self._db.execute("INSERT INTO failed_logins VALUES (?,?,?)", (name, address, time.time()))

    def forgive_failures(self, name: str, address: str) -> None:
        self._db.execute("DELETE FROM failed_logins WHERE name=? AND address=?", (name, address))

    # ------------------------------------------------------------------ console sessions

    def start_session(self, user: User, hours: float = 12) -> tuple[str, str]:
        """(session id for the cookie, CSRF token for the forms); only the id's hash is kept."""
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = time.time()
        self._db.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
        self._db.execute("INSERT INTO sessions VALUES (?,?,?,?)",
                         (_sha256(session), user.name, csrf, now + hours * 3600))
        self._audit(user.name, "đăng nhập", f"user:{user.name}")
        return session, csrf

    def session(self, session: str) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session; None when unknown, expired or the account is gone."""
        row = self._db.execute("SELECT name, csrf FROM sessions WHERE id_sha256=? AND expires_at >= ?",
                               (_sha256(session), time.time())).fetchone()
        user = self.user(row[0]) if row else None
        return (user, row[1]) if user else None

    def end_session(self, session: str) -> None:
        self._db.execute("DELETE FROM sessions WHERE id_sha256=?", (_sha256(session),))

    def end_sessions_of(self, name: str) -> None:
        self._db.execute("DELETE FROM sessions WHERE name=?", (name,))

    # ------------------------------------------------------------------ API tokens

    def add_token(self, name: str, role: str, actor: str = "(dòng lệnh)") -> str:
        """A new API token, returned once: only its hash is kept."""
        name = _valid_name(name)
        _valid_role(role)
        if self._db.execute("SELECT 1 FROM tokens WHERE name=?", (name,)).fetchone():
            raise StationError(f"mã truy cập '{name}' đã có.", hint=f"xóa nó trước: radio token remove {name}")
        token = secrets.token_urlsafe(32)
        self._db.execute("INSERT INTO tokens VALUES (?,?,?,?)", (name, role, _sha256(token), _now()))
        self._audit(actor, "tạo mã truy cập", f"token:{name}", comment=role)
        return token

    def remove_token(self, name: str, actor: str = "(dòng lệnh)") -> None:
        if not self._db.execute("DELETE FROM tokens WHERE name=?", (name,)).rowcount:
            raise StationError(f"không có mã truy cập '{name}'.")
        self._audit(actor, "xóa mã truy cập", f"token:{name}")

    def tokens(self) -> list[User]:
        return [User(*row) for row in self._db.execute("SELECT name, role, created_at FROM tokens ORDER BY name")]

    def token_user(self, token: str) -> User | None:
        """Who a bearer token acts for (its name and role), or None."""
        row = self._db.execute("SELECT name, role, created_at FROM tokens WHERE token_sha256=?",
                               (_sha256(token),)).fetchone()
        return User(*row) if row else None

    # ------------------------------------------------------------------ approval

    def approve(self, bulletin: Path, approver: User, comment: str = "", seen: str | None = None) -> None:
        """`seen`: the content hash of the version the approver was shown; approval is of that version only
        (ChangedSince when the file is another one now)."""
        if not approver.can_approve:
            raise StationError(f"tài khoản '{approver.name}' ({approver.role}) không có quyền duyệt bản tin.",
                               hint="nhờ người có vai trò 'duyet' hoặc 'quan-tri' duyệt.")
        self._audit(approver.name, "duyệt", _subject(bulletin), _as_seen(bulletin, seen), comment)

    def approve_from_hub(self, bulletin: Path, approver: str, hub: str) -> None:
        """A bulletin the centre wrote and approved (radio hub send): approved here as it arrived, so a local
        edit sends it back to the station's own approvers."""
        self._audit(f"trung tâm: {approver}", "duyệt", _subject(bulletin), content_sha256(bulletin),
                    f"duyệt ở {hub or 'trung tâm'}")

    def send_back(self, bulletin: Path, approver: User, comment: str, seen: str | None = None) -> None:
        if not approver.can_approve:
            raise StationError(f"tài khoản '{approver.name}' ({approver.role}) không có quyền trả lại bản tin.")
        if not comment.strip():
            raise StationError("trả lại bản tin cần một lời nhận xét để người soạn biết sửa gì.")
        self._audit(approver.name, "trả lại", _subject(bulletin), _as_seen(bulletin, seen), comment)

    def state(self, bulletin: Path) -> str:
        """'da-duyet' when the bulletin as it is now was approved, 'tra-lai' when it was returned as it is
        now, else 'cho-duyet' (new, or edited since)."""
        row = self._db.execute(
            "SELECT action FROM audit WHERE subject=? AND content_sha256=? AND action IN ('duyệt', 'trả lại')"
            " ORDER BY id DESC LIMIT 1", (_subject(bulletin), content_sha256(bulletin))).fetchone()
        if row is None:
            return "cho-duyet"
        return "da-duyet" if row[0] == "duyệt" else "tra-lai"

    def history(self, subject: str) -> list[dict]:
        rows = self._db.execute("SELECT at, actor, action, comment FROM audit WHERE subject=? ORDER BY id", (subject,))
        return [dict(zip(("at", "actor", "action", "comment"), row)) for row in rows]

    def record(self, actor: str, action: str, subject: str, comment: str = "") -> None:
        """Who did what to what, for the audit trail (a schedule edit, say)."""
        self._audit(actor, action, subject, comment=comment)

    def _audit(self, actor: str, action: str, subject: str, sha256: str | None = None, comment: str = "") -> None:
        self._db.execute("INSERT INTO audit (at, actor, action, subject, content_sha256, comment) VALUES (?,?,?,?,?,?)",
                         (_now(), actor, action, subject, sha256, comment or None))


def decisions_stamp(folder: Path) -> int:
    """Changes whenever an approver approves or returns a bulletin: what plans are made from, besides the
    files. Read-only, and 0 when the station has no accounts file (it is never created by asking)."""
    path = Path(folder) / Accounts.FILE
    if not path.is_file():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("SELECT max(id) FROM audit WHERE action IN ('duyệt', 'trả lại')").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return -1
    return row[0] or 0


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _subject(bulletin: Path) -> str:
    return f"bulletin:{Path(bulletin).name}"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 40 or any(c.isspace() for c in name):
        raise StationError(f"tên đăng nhập '{name}' không hợp lệ.",
                           hint="dùng một từ, không dấu cách, tối đa 40 ký tự.")
    return name


def _valid_role(role: str) -> None:
    if role not in ROLES:
        raise StationError(f"vai trò '{role}' không có.", hint="dùng một trong: " + ", ".join(ROLES) + ".")


class ChangedSince(StationError):
    """The bulletin is not the version the approver was shown: nothing is recorded."""


def _as_seen(bulletin: Path, seen: str | None) -> str:
    current = content_sha256(bulletin)
    if seen is not None and seen != current:
        raise ChangedSince("bản tin đã bị sửa sau khi bạn mở nó: bạn chưa xem bản hiện tại, nên chưa duyệt hay trả "
                           "lại gì cả.", hint="mở lại bản tin, đọc bản mới rồi quyết định.")
    return current


def _owner_only(path: Path) -> None:
    import os
    try:
        os.chmod(path, 0o600)
    except OSError:  # Windows keeps its own permissions (the user's profile folder)
        pass
