"""The centre's writing room, with the station console's roles and approval rules: an editor (bien-tap) writes
a bulletin and chooses where it goes; it waits; an approver (duyet, quan-tri) approves exactly the version
they were shown, and it is sent, or returns it with a comment. An approver writing one sends it at once.

Bulletins are files in the hub folder's scripts/ (the same newsroom code as a station's), their decisions in
the hub's accounts.sqlite (Accounts, as at a station), and where each goes beside it in NAME.gui.json until
it is sent.
"""
from __future__ import annotations

import json
from pathlib import Path

from radio import newsroom
from radio.accounts import Accounts, User, content_sha256
from radio.bulletin import load_bulletin
from radio.errors import StationError
from radio.files import write_bytes_atomic
from radio.hub.centre import chosen_stations, send_bulletin
from radio.hub.config import Hub
from radio.hub.store import Store
from radio.station import Station

ROUTING = ".gui.json"


def write(store: Store, hub: Hub, fields: dict, author: User, to: list[str] | None,
          zones: list[str] | None) -> tuple[Path, dict | None]:
    """A new bulletin from the form: (its file, what was sent when the author may approve, else None)."""
    to = chosen_stations(store, to)  # an unknown station refused before anything is written
    bulletin = newsroom.create(Station(folder=hub.folder), fields, author)  # every field checked first
    write_bytes_atomic(_routing_file(bulletin.path), json.dumps(
        {"to": to, "zones": zones, "by": author.name}, ensure_ascii=False).encode("utf-8"))
    if not author.can_approve:
        return bulletin.path, None
    return bulletin.path, approve(store, hub, bulletin.path.stem, author, content_sha256(bulletin.path))


def waiting(hub: Hub) -> list[dict]:
    """The bulletins written at the centre and not sent yet, each with its state and what was said of it."""
    found = []
    accounts = Accounts(hub.folder)
    try:
        for routing in sorted((hub.folder / "scripts").glob(f"*{ROUTING}")):
            path = routing.with_name(routing.name.removesuffix(ROUTING) + ".md")
            try:
                bulletin = load_bulletin(path)
            except StationError as error:
                found.append({"id": path.stem, "title": path.name, "problem": error.describe(hub.folder)})
                continue
            route = json.loads(routing.read_text("utf-8"))
            found.append({"id": path.stem, "title": bulletin.title, "text": bulletin.text,
                          "category": bulletin.category, "priority": bulletin.priority, "to": route["to"],
                          "zones": route["zones"], "by": route["by"], "state": accounts.state(path),
                          "sha256": content_sha256(path), "history": accounts.history(f"bulletin:{path.name}")})
    finally:
        accounts.close()
    return found


def approve(store: Store, hub: Hub, bulletin_id: str, approver: User, seen: str | None) -> dict:
    """Approve the version the approver was shown (`seen`: its sha256) and send it where its author chose."""
    path, route = _waiting(hub, bulletin_id)
    accounts = Accounts(hub.folder)
    try:
        accounts.approve(path, approver, seen=seen)
    finally:
        accounts.close()
    sent = send_bulletin(store, hub.name, path, route["to"], route["zones"], approver.name, hub.files)
    _routing_file(path).unlink()
    return sent


def send_back(hub: Hub, bulletin_id: str, approver: User, comment: str, seen: str | None) -> None:
    path, _ = _waiting(hub, bulletin_id)
    accounts = Accounts(hub.folder)
    try:
        accounts.send_back(path, approver, comment, seen=seen)
    finally:
        accounts.close()


def _waiting(hub: Hub, bulletin_id: str) -> tuple[Path, dict]:
    path = newsroom.find(Station(folder=hub.folder), bulletin_id)  # an id, never a path
    if path is None or not _routing_file(path).is_file():
        raise StationError(f"không có bản tin '{bulletin_id}' đang chờ gửi (đã gửi, hoặc đã xóa).")
    return path, json.loads(_routing_file(path).read_text("utf-8"))


def _routing_file(path: Path) -> Path:
    return path.with_name(path.stem + ROUTING)

