"""What the centre does, as library functions the CLI and the hub's pages both call: send a bulletin down,
cancel it, set quiet hours, order an emergency, and see where each went (status, reach, alarms).

Everything down goes through the store's change log (radio.hub.store.Store.publish); the stations pull it
(radio.hub.downlink) and the doorbell only tells them to pull now.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import shutil
import time
from pathlib import Path

import yaml

from radio.bulletin import load_bulletin
from radio.campaigns import Campaign
from radio.errors import StationError
from radio.files import atomic_path, file_digest
from radio.hub.store import Store, aware
from radio.quiet import parse_quiet_hours

HUB_PREFIX = "trungtam-"  # a bulletin from the hub lands in a station's scripts/ under this prefix
EMERGENCY_EXPIRY_S = 15 * 60  # an order a station receives later than this is stale: it never airs late
ALARM_SILENT_S = 15 * 60
LOW_DISK_MB = 2000


def bulletin_subject(bulletin_id: str) -> str:
    return f"bulletin:{bulletin_id}"


def station_file_name(bulletin_id: str) -> str:
    return f"{HUB_PREFIX}{bulletin_id}.md"


def chosen_stations(store: Store, to: list[str] | None) -> list[str] | None:
    """The stations named (each must be enrolled), or None for all."""
    if to is None:
        return None
    if not to:
        raise StationError("chưa chọn đài nhận: dùng --to MÃ_ĐÀI[,MÃ_ĐÀI…] hoặc --all.")
    unknown = store.known(to)
    if unknown:
        raise StationError(f"đài {', '.join(unknown)} chưa có ở trung tâm.", hint="xem radio hub status.")
    return sorted(set(to))


def send_bulletin(store: Store, hub_name: str, path: Path, to: list[str] | None, zones: list[str] | None,
                  by: str, files: Path | None = None) -> dict:
    """A bulletin file written at the centre, approved by `by`, sent to the targets (None: all). It lands
    in each station's scripts/ as trungtam-<name>.md, marked with the hub's name, and airs in the programs
    that take its category or priority, like a local one. Sent again (edited), it replaces itself.
    A recorded bulletin (`audio:`) has its recording kept in `files` under its content hash, which the
    stations download (resuming a cut download) before the bulletin lands."""
    from radio.newsroom import compose_file, split_meta
    bulletin = load_bulletin(Path(path))  # every mistake with its file and line, before anything is sent
    meta, text = split_meta(Path(path))
    meta = {key: value for key, value in meta.items() if key not in ("hub", "audio")}
    if zones:
        meta["zones"] = list(zones)
    meta["hub"] = hub_name
    recording = None
    if bulletin.audio is not None:
        if files is None:
            raise StationError("bản tin ghi âm cần thư mục tệp của trung tâm.", Path(path))
        recording = keep_file(files, bulletin.audio)
        meta["audio"] = station_recording(recording)
    content = compose_file(meta, text).decode("utf-8")
    targets = chosen_stations(store, to)
    body = {"id": bulletin.name, "file": station_file_name(bulletin.name), "title": bulletin.title,
            "content": content, "sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(),
            "approved_by": by, "hub": hub_name, "sent_at": _now().isoformat(timespec="seconds"),
            "targets": targets, "audio": recording}
    body["seq"] = store.publish("bulletin", bulletin_subject(bulletin.name), body, targets)
    return body


def keep_file(files: Path, source: Path) -> dict:
    """A file the stations will download, kept under its content hash: {sha256, size, suffix}."""
    kept = {"sha256": file_digest(source), "size": source.stat().st_size, "suffix": source.suffix.lower()[:8]}
    target = Path(files) / kept["sha256"]
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as temp:
            shutil.copyfile(source, temp)
    return kept


def station_recording(kept: dict) -> str:
    """Where a station keeps a recording from the hub, as its bulletin's `audio:` names it."""
    return f"audio/trungtam/{kept['sha256']}{kept['suffix']}"


def cancel_bulletin(store: Store, bulletin_id: str, by: str) -> dict:
    """The bulletin leaves every station it was sent to before its next airing."""
    sent = store.change(bulletin_subject(bulletin_id))
    if sent is None or sent["kind"] != "bulletin":
        raise StationError(f"trung tâm chưa gửi bản tin '{bulletin_id}' (hoặc đã hủy).")
    body = {"id": bulletin_id, "file": sent["body"]["file"], "title": sent["body"]["title"], "by": by,
            "cancelled_at": _now().isoformat(timespec="seconds"), "targets": sent["targets"]}
    store.publish("cancel", bulletin_subject(bulletin_id), body, sent["targets"])
    return body


def send_campaigns(store: Store, hub_name: str, path: Path, to: list[str] | None, by: str) -> list[dict]:
    """The campaigns of a file written at the centre (schedule.yaml's `campaigns:`, without `programs:`) to
    the targets; each station places them in all its programs and the hub judges each commune's target.
    Sent again, a campaign replaces itself."""
    from radio.station import campaigns_at_hub
    from radio.yamlfile import read_text
    found = campaigns_at_hub(Path(path), read_text(Path(path)))  # every mistake with its line, before sending
    targets = chosen_stations(store, to)
    sent = []
    for campaign, spec in found:
        body = {"name": campaign.name, "spec": spec, "hub": hub_name, "by": by,
                "sent_at": _now().isoformat(timespec="seconds"), "targets": targets}
        body["seq"] = store.publish("campaign", campaign_subject(campaign.name), body, targets)
        sent.append(body)
    return sent


def end_campaign(store: Store, name: str, by: str) -> dict:
    """The campaign leaves every station it was sent to (their reports keep what aired under it)."""
    sent = store.change(campaign_subject(name))
    if sent is None or sent["kind"] != "campaign":
        raise StationError(f"trung tâm không có chiến dịch '{name}' đang chạy.",
                           hint="xem danh sách: radio hub campaign --list.")
    body = {"campaign": name, "by": by, "ended_at": _now().isoformat(timespec="seconds"), "targets": sent["targets"]}
    store.publish("cancel", campaign_subject(name), body, sent["targets"])
    return body


def campaigns(store: Store) -> list[tuple[Campaign, dict]]:
    """The centre's running campaigns, parsed as the stations parse them, with what was sent (targets…)."""
    from radio.station import campaigns_at_hub
    live = store.changes_of("campaign")
    if not live:
        return []
    text = yaml.safe_dump({"campaigns": [change["body"]["spec"] for change in live]}, allow_unicode=True)
    parsed = {campaign.name: campaign for campaign, _ in campaigns_at_hub(Path("chien-dich-trung-tam.yaml"), text)}
    return [(parsed[change["body"]["name"]], change) for change in live]


def campaign_subject(name: str) -> str:
    return f"campaign:{name}"


def set_quiet_hours(store: Store, hub_name: str, windows: list[str], to: list[str] | None) -> dict:
    """Quiet hours as policy for the targets; an empty list lifts the hub's (a station's own still hold)."""
    for window in windows:
        try:
            parse_quiet_hours(window, hub_name)
        except ValueError as error:
            raise StationError(str(error)) from None
    targets = chosen_stations(store, to)
    body = {"hub": hub_name, "quiet_hours": list(windows)}
    subject = "policy:all" if targets is None else f"policy:{','.join(targets)}"
    store.publish("policy", subject, body, targets)
    return body


def order_emergency(store: Store, hub_name: str, text: str, to: list[str] | None, zones: list[str] | None,
                    by: str, expires_s: float = EMERGENCY_EXPIRY_S) -> dict:
    """An emergency order: each target puts its alert tone and the text on air at once and confirms the
    moment its first sample was heard. A station that gets it after `expires_s` ignores it and says so."""
    if not text.strip():
        raise StationError("tin khẩn cấp cần nội dung (--text).")
    targets = chosen_stations(store, to)
    now = _now()
    order = {"id": f"kc-{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}", "text": text.strip(), "zones": zones or None,
             "by": by, "hub": hub_name, "issued_at": now.isoformat(timespec="seconds"),
             "expires_at": (now + dt.timedelta(seconds=expires_s)).isoformat(timespec="seconds"),
             "targets": targets}
    store.publish("emergency", f"emergency:{order['id']}", order, targets)
    return order


def wait_for_confirmations(store: Store, order: dict, timeout_s: float) -> dict[str, dict]:
    """Each target station's answer (or none yet), waiting up to `timeout_s` for all of them."""
    targets = order["targets"] or [row["id"] for row in store.stations()]
    deadline = time.monotonic() + timeout_s
    while True:
        answers = store.confirmations_of(order["id"])
        if all(station in answers for station in targets) or time.monotonic() >= deadline:
            return {station: answers.get(station) for station in targets}
        time.sleep(0.2)


def reach(store: Store, what: str, stations: dict[str, dict] | None = None) -> dict:
    """Where a bulletin or an emergency order aired: each target with `aired_at`, or `why` not. `stations`:
    store.stations() by id, when the caller has read them already (a list of everything sent)."""
    subject = what if ":" in what else (f"emergency:{what}" if what.startswith("kc-") else bulletin_subject(
        Path(what).stem.removeprefix(HUB_PREFIX)))
    sent = store.change(subject)
    if sent is None:
        raise StationError(f"trung tâm không có bản tin hay lệnh khẩn cấp '{what}'.")
    stations = stations if stations is not None else {row["id"]: row for row in store.stations()}
    targets = sent["targets"] or sorted(stations)
    answers = store.confirmations_of(sent["body"]["id"]) if sent["kind"] == "emergency" else {}
    first_aired = store.first_airings(sent["body"]["file"]) if sent["kind"] != "emergency" else {}
    found = []
    for station in targets:
        row = stations.get(station, {})
        entry = {"station": station, "name": row.get("name"), "aired_at": None, "why": None}
        if sent["kind"] == "emergency":
            answer = answers.get(station)
            entry["aired_at"] = answer["on_air_at"] if answer and answer["ok"] else None
            if entry["aired_at"] is None:
                entry["why"] = answer["message"] if answer else _not_yet(row, sent["seq"])
        else:
            entry["aired_at"] = first_aired.get(station)
            if entry["aired_at"] is None:
                entry["why"] = ("đã hủy trước khi phát" if sent["kind"] == "cancel"
                                else _problem_with(row, sent["subject"]) or _not_yet(row, sent["seq"])
                                or "đã nhận, chưa đến chương trình phát")
        found.append(entry)
    aired = sum(1 for entry in found if entry["aired_at"])
    return {"subject": sent["subject"], "kind": sent["kind"], "title": sent["body"].get("title") or
            sent["body"].get("text", "")[:80], "aired": aired, "targets": len(found), "stations": found}


def _problem_with(row: dict, subject: str) -> str | None:
    for problem in (row.get("health") or {}).get("change_problems") or []:
        if problem.get("subject") == subject:
            return f"đài không nhận: {problem.get('why')}"
    return None


def _not_yet(row: dict, seq: int) -> str | None:
    """Why a station has not got a change yet (None when it has)."""
    if not row:
        return "đài không còn ở trung tâm"
    if row.get("linked_at") is None:
        return "đài chưa liên kết (radio link)"
    if row.get("last_seen") is None:
        return "đài chưa liên lạc lần nào"
    if int((row.get("health") or {}).get("changes_after") or 0) < seq:
        return f"đài chưa nhận (liên lạc lần cuối {aware(row['last_seen']).astimezone():%d/%m %H:%M})"
    return None


def status(store: Store, now: dt.datetime | None = None, silent_after_s: float = ALARM_SILENT_S,
           tz: dt.tzinfo | None = None) -> list[dict]:
    """The station table: last seen, how far behind the hub's view of it is, on air, zones, disk, alarms;
    moments in `tz` (the hub's, Hub.tz; default: this machine's)."""
    now = now or _now()
    shown = []
    for row in store.stations():
        health = row["health"] or {}
        last_seen = aware(row["last_seen"])
        silent = (now - last_seen).total_seconds() if last_seen else None
        behind = silent
        if health.get("oldest_unsent_at"):
            try:
                behind = max(silent or 0.0, (now - dt.datetime.fromisoformat(health["oldest_unsent_at"]))
                             .total_seconds())
            except ValueError:
                pass
        gaps = store.gaps_of(row["id"])
        shown.append({
            "id": row["id"], "name": row["name"], "linked": row["linked_at"] is not None,
            "last_seen": last_seen.astimezone(tz).isoformat(timespec="seconds") if last_seen else None,
            "silent_s": None if silent is None else round(silent, 1),
            "behind_s": None if behind is None else round(behind, 1),
            "on_air": health.get("on_air"), "zones": health.get("zones") or [], "rows": row["rows"] or 0,
            "last_seq": row["seq"] or 0, "disk_free_mb": health.get("disk_free_mb"), "version": health.get("version"),
            "presence": health.get("presence"),
            "last_gap": {key: value.astimezone(tz).isoformat(timespec="seconds") for key, value in gaps[-1].items()}
            if gaps else None,
            "alarms": alarms(row, silent, silent_after_s, tz)})
    return shown


def describe_span(seconds: float) -> str:
    """How far behind a station is, as people say it."""
    if seconds < 120:
        return f"{seconds:.0f} giây"
    if seconds < 7200:
        return f"{seconds / 60:.0f} phút"
    return f"{seconds / 3600:.1f} giờ" if seconds < 172800 else f"{seconds / 86400:.1f} ngày"


def alarms(row: dict, silent_s: float | None, silent_after_s: float, tz: dt.tzinfo | None = None) -> list[str]:
    """What the centre must look at, in words: a station silent too long or gone from the broker, a hamlet's
    loudspeakers lost during a program, a stream down, a disk filling."""
    health = row["health"] or {}
    found = []
    if row["linked_at"] is not None and (silent_s is None or silent_s > silent_after_s):
        found.append("chưa liên lạc lần nào" if silent_s is None else
                     f"không liên lạc {silent_s / 60:.0f} phút")
    elif health.get("presence") == "offline":
        found.append(_gone(health.get("presence_at"), row["last_seen"], tz))
    for zone in health.get("zones") or []:
        name = zone.get("name") or zone.get("zone") or "đài"
        if zone.get("stream_down_since"):
            found.append(f"{name}: mất luồng phát từ {zone['stream_down_since'][11:16]}")
        elif zone.get("on_air") and zone.get("listeners") == 0:
            found.append(f"{name}: không còn loa nào nghe trong lúc đang phát")
    if isinstance(health.get("disk_free_mb"), (int, float)) and health["disk_free_mb"] < LOW_DISK_MB:
        found.append(f"đĩa còn {health['disk_free_mb']} MB")
    for problem in health.get("change_problems") or []:
        found.append(f"không nhận được {problem.get('subject')}: {problem.get('why')}")
    return found


def _gone(presence_at: str | None, last_seen: dt.datetime | None, tz: dt.tzinfo | None) -> str:
    """The broker says the station left (its last will, or a clean stop): at once, long before the silence
    alarm. Still polling since then, only the ring is lost: news reaches it at its next poll."""
    try:
        left = dt.datetime.fromisoformat(presence_at)
    except (TypeError, ValueError):
        return "mất kết nối chuông MQTT"
    clock = left.astimezone(tz).strftime("%H:%M")
    if last_seen is not None and aware(last_seen) > left:
        return f"mất chuông MQTT từ {clock}: tin mới đến khi đài tự hỏi định kỳ"
    return f"mất kết nối từ {clock} (máy đài tắt hoặc mất mạng?)"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
