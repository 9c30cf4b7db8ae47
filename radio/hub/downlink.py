"""The station's side of what comes down from the hub: bulletins, cancellations, policy and emergency orders,
pulled from the hub's ordered change log (GET /hub/v1/changes?after=CURSOR) and applied into the station's own
folder, where radio check, radio plan, the console and the daemon see them as they see a local bulletin.

- A bulletin lands in scripts/trungtam-<id>.md, marked `hub: <hub name>` in its front matter, its approval
  (by whoever sent it at the centre) recorded in the station's accounts for exactly that content: edited
  locally, it waits for a local approver like any edited bulletin.
- A cancellation removes the file; in a page of changes cancellations are applied first, and the hub keeps
  one entry per bulletin, so a station back after days never sees a cancelled bulletin at all.
- Policy (quiet hours) is written to hub-policy.json beside schedule.yaml (radio.station reads it).
- Campaigns go to hub-campaigns.yaml beside it, each placed in every program of the station, only once the
  station has checked it can place them (its categories); a cancellation with `campaign` ends one.
- An emergency order is put on air through the daemon's own break-in, once (its id is remembered), never
  after its expiry, and its answer (the moment of its first sample, or why not) goes back to the hub.

Nothing here runs on the playout's threads; a change that cannot be applied is reported up with why.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Callable

import yaml

from radio.campaigns import HUB_CAMPAIGNS_FILE
from radio.errors import StationError, problems_of
from radio.files import write_bytes_atomic
from radio.quiet import POLICY_FILE

HUB_FILE_NAME = re.compile(r"^trungtam-[a-z0-9][a-z0-9._-]{0,150}\.md$", re.IGNORECASE)
APPLY_ORDER = {"cancel": 0, "policy": 1, "campaign": 2, "bulletin": 3, "emergency": 4}


def read_policy(folder: Path) -> dict:
    """What the hub last pushed as policy ({} when nothing, or the file is unreadable)."""
    try:
        policy = json.loads((Path(folder) / POLICY_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return policy if isinstance(policy, dict) else {}


class Downlink:
    """Applies the hub's changes into one station folder. `emergency(request) -> answer` is the daemon's
    break-in (the same one `radio emergency` uses); `wake()` asks the link to talk to the hub now."""

    def __init__(self, folder: Path, say: Callable[[str], None], emergency: Callable[[dict], dict] | None,
                 wake: Callable[[], None] = lambda: None):
        self.folder = Path(folder)
        self.say = say
        self.emergency = emergency
        self.wake = wake
        cache = self.folder / ".radio-cache"
        self.cursor_file = cache / "hub-changes"
        self.orders_file = cache / "hub-orders.json"  # {done: [ids], answers: [unsent confirmations]}
        self.problems: dict[str, str] = {}  # subject -> why it could not be applied
        self.doorbell: str | None = None  # the MQTT broker the hub named, if it has one
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ the wire

    def pull(self, client) -> int:
        """Every change after the cursor, page by page, applied; returns how many were applied."""
        applied = 0
        while True:
            answer = client.get("/hub/v1/changes", params={"after": self.cursor})
            if answer.status_code != 200:
                from radio.hub.uplink import HubRefused
                raise HubRefused.answer("không cho lấy thay đổi", answer)
            page = answer.json()
            self.doorbell = page.get("doorbell") or None
            applied += self.apply(page.get("changes") or [], client)
            self.cursor = max(self.cursor, int(page.get("last") or 0))
            if not page.get("more"):
                return applied

    def send_answers(self, client) -> None:
        """Emergency answers not yet taken by the hub (kept on disk: a hub down when the order aired still
        learns when it aired)."""
        with self._lock:
            answers = list(self._orders()["answers"])
        for answer in answers:
            reply = client.post("/hub/v1/confirm", json=answer)
            if reply.status_code != 200:
                from radio.hub.uplink import HubRefused
                raise HubRefused.answer("không nhận xác nhận khẩn cấp", reply)
            with self._lock:
                orders = self._orders()
                orders["answers"] = [a for a in orders["answers"] if a["order"] != answer["order"]]
                self._save_orders(orders)

    # ------------------------------------------------------------------ applying

    def apply(self, changes: list[dict], client=None) -> int:
        """Apply a page of changes, cancellations first. A change that cannot be applied is kept in
        `problems` (reported up in the health) and never stops the others. `client`: the hub's, for the
        recordings a bulletin needs. A download cut by the network does not stop the others either (an
        emergency in the same page airs now), but is raised at the end, so the cursor stays and the page is
        pulled again, the download resumed, at the next exchange (what was applied is applied once)."""
        import httpx
        from radio.hub.uplink import HubRefused
        done, unfinished = 0, None
        for change in sorted(changes, key=lambda c: (APPLY_ORDER.get(c.get("kind"), 9), c.get("seq", 0))):
            subject = str(change.get("subject"))
            try:
                handler = getattr(self, f"_apply_{change.get('kind')}", self._unknown)
                handler(change.get("body") or {}, client) if change.get("kind") == "bulletin" \
                    else handler(change.get("body") or {})
                self.problems.pop(subject, None)
                done += 1
            except StationError as error:
                self.problems[subject] = error.describe()
                self.say(f"Không nhận được {subject} từ trung tâm: {error.describe()}")
            except (httpx.HTTPError, HubRefused, OSError) as error:
                unfinished = error
        if unfinished is not None:
            raise unfinished
        return done

    def _unknown(self, body: dict) -> None:
        raise StationError("loại thay đổi này phiên bản đài chưa biết; nâng cấp radio.")

    def _apply_bulletin(self, body: dict, client=None) -> None:
        from radio.accounts import Accounts
        from radio.bulletin import load_bulletin
        name, content = str(body.get("file") or ""), body.get("content")
        if not HUB_FILE_NAME.match(name) or not isinstance(content, str):
            raise StationError(f"tên tệp '{name}' hoặc nội dung bản tin từ trung tâm không hợp lệ.")
        data = content.encode("utf-8")
        if hashlib.sha256(data).hexdigest() != body.get("sha256"):
            raise StationError("nội dung bản tin không khớp mã băm trung tâm gửi (hỏng trên đường truyền).")
        if body.get("audio"):
            self._fetch(client, body["audio"])  # the recording first: the bulletin never lands without it
        trials = self.folder / ".radio-cache" / "hub-trial"  # inside the station: `audio:` resolves as it will
        trials.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=trials) as folder:  # checked as the station will read it
            trial = Path(folder) / name
            trial.write_bytes(data)
            try:
                load_bulletin(trial)
            except StationError as error:
                raise StationError(f"bản tin không đọc được: {problems_of(error)[0].message}") from None
        target = self.folder / "scripts" / name
        target.parent.mkdir(exist_ok=True)
        if target.is_file() and target.read_bytes() == data:
            return  # the same content again (the cursor was lost): nothing to do
        write_bytes_atomic(target, data)
        accounts = Accounts(self.folder)
        try:
            accounts.approve_from_hub(target, str(body.get("approved_by") or "?"), str(body.get("hub") or ""))
        finally:
            accounts.close()
        self.say(f"Trung tâm gửi bản tin «{body.get('title')}» ({name}), đã duyệt ở trung tâm.")

    def _apply_campaign(self, body: dict) -> None:
        spec = body.get("spec")
        if not isinstance(spec, dict) or not str(spec.get("name") or "").strip():
            raise StationError("chiến dịch từ trung tâm không có tên hoặc nội dung.")
        campaigns = [c for c in self._hub_campaigns() if c.get("name") != spec["name"]] + [spec]
        if self._save_hub_campaigns(campaigns):
            self.say(f"Trung tâm giao chiến dịch «{spec['name']}»: đài xếp vào các chương trình của mình.")

    def _apply_cancel(self, body: dict) -> None:
        if body.get("campaign"):
            kept = [c for c in self._hub_campaigns() if c.get("name") != body["campaign"]]
            if self._save_hub_campaigns(kept):
                self.say(f"Trung tâm kết thúc chiến dịch «{body['campaign']}».")
            return
        from radio.accounts import Accounts
        name = str(body.get("file") or "")
        if not HUB_FILE_NAME.match(name):
            raise StationError(f"tên tệp '{name}' trong lệnh hủy không hợp lệ.")
        target = self.folder / "scripts" / name
        if not target.is_file():
            return  # never received, or already removed
        target.unlink()
        accounts = Accounts(self.folder)
        try:
            accounts.record(f"trung tâm: {body.get('by') or '?'}", "hủy", f"bulletin:{name}")
        finally:
            accounts.close()
        self.say(f"Trung tâm hủy bản tin «{body.get('title')}» ({name}): không phát nữa.")

    def _apply_policy(self, body: dict) -> None:
        from radio.quiet import parse_quiet_hours
        windows = body.get("quiet_hours") or []
        if not isinstance(windows, list):
            raise StationError("quiet_hours trong chính sách của trung tâm phải là danh sách.")
        for window in windows:
            try:
                parse_quiet_hours(window, "trung tâm")
            except ValueError as error:
                raise StationError(str(error)) from None
        policy = {"hub": body.get("hub"), "quiet_hours": windows}
        if read_policy(self.folder) != policy:
            write_bytes_atomic(self.folder / POLICY_FILE, json.dumps(policy, ensure_ascii=False).encode("utf-8"))
            self.say("Trung tâm đặt giờ yên tĩnh: " + (", ".join(windows) or "bỏ (chỉ còn giờ yên tĩnh của đài)")
                     + ".")

    def _apply_emergency(self, body: dict) -> None:
        order = str(body.get("id") or "")
        if not order or len(order) > 80:
            raise StationError("lệnh khẩn cấp không có mã hợp lệ.")
        with self._lock:
            orders = self._orders()
            if order in orders["done"]:
                return  # a duplicate (the doorbell and the poll both brought it)
            orders["done"] = (orders["done"] + [order])[-500:]
            self._save_orders(orders)  # before it airs: an order never airs twice, even across a crash
        try:
            expires = dt.datetime.fromisoformat(str(body.get("expires_at")))
        except ValueError:
            expires = None
        now = dt.datetime.now(dt.timezone.utc)
        if expires is None or expires.tzinfo is None or expires <= now:
            self.say(f"Bỏ qua lệnh khẩn cấp {order} của trung tâm: đã hết hạn lúc {body.get('expires_at')}.")
            self._answer(order, False, None, f"nhận lúc {now.astimezone():%d/%m %H:%M}, sau khi lệnh hết hạn "
                                             "(đài mất liên lạc); không phát")
            return
        if self.emergency is None:
            self._answer(order, False, None, "đài chưa chạy (radio run) nên không phát được")
            return
        self.say(f"LỆNH KHẨN CẤP từ trung tâm ({body.get('by')}): phát ngay.")
        threading.Thread(target=self._air, args=(order, body), name=f"hub-{order}", daemon=True).start()

    def _air(self, order: str, body: dict) -> None:
        try:
            answer = self.emergency({"command": "emergency", "text": body.get("text"), "zones": body.get("zones"),
                                     "repeat": 1})
        except Exception as error:  # noqa: BLE001 - the hub is told why, whatever it was
            answer = {"ok": False, "message": f"lỗi không lường trước ({type(error).__name__}: {error})"}
        self._answer(order, bool(answer.get("ok")), answer.get("on_air_at"), str(answer.get("message") or ""))
        self.wake()

    def _answer(self, order: str, ok: bool, on_air_at: str | None, message: str) -> None:
        with self._lock:
            orders = self._orders()
            orders["answers"].append({"order": order, "ok": ok, "on_air_at": on_air_at, "message": message})
            self._save_orders(orders)

    def _fetch(self, client, kept: dict) -> Path:
        """A recording from the hub, by its content hash, into audio/trungtam/: resumed from where a cut
        download stopped (HTTP Range), checked against its hash before it is used."""
        from radio.files import file_digest
        from radio.hub.centre import station_recording
        digest = str(kept.get("sha256") or "")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not re.fullmatch(r"(\.[a-z0-9]{1,7})?", kept.get("suffix", "")):
            raise StationError("tệp ghi âm trung tâm gửi không có mã băm hợp lệ.")
        final = self.folder / station_recording(kept)
        if final.is_file() and file_digest(final) == digest:
            return final
        if client is None:
            raise StationError("cần liên lạc với trung tâm để tải tệp ghi âm.")
        part = self.folder / ".radio-cache" / "hub-files" / f"{digest}.part"
        part.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.is_file() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        with client.stream("GET", f"/hub/v1/files/{digest}", headers=headers) as answer:
            if answer.status_code not in (200, 206):
                raise StationError(f"trung tâm không cho tải tệp ghi âm ({answer.status_code}).")
            with open(part, "ab" if answer.status_code == 206 else "wb") as out:  # 200: the whole file again
                for chunk in answer.iter_bytes():
                    out.write(chunk)
        if file_digest(part) != digest:
            from radio.hub.uplink import HubRefused
            part.unlink()
            raise HubRefused("tệp ghi âm tải về không khớp mã băm (hỏng trên đường truyền); sẽ tải lại.")
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, final)
        self.say(f"Đã tải tệp ghi âm từ trung tâm ({kept.get('size', 0) // 1000} KB).")
        return final

    # ------------------------------------------------------------------ state on disk

    def _hub_campaigns(self) -> list[dict]:
        try:
            data = yaml.safe_load((self.folder / HUB_CAMPAIGNS_FILE).read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError):
            return []
        return [c for c in data.get("campaigns") or [] if isinstance(c, dict)] if isinstance(data, dict) else []

    def _save_hub_campaigns(self, campaigns: list[dict]) -> bool:
        """Write hub-campaigns.yaml if the station can place every campaign in it (else StationError with the
        first problem, the file left as it was); False when nothing changed."""
        from radio.station import validate_hub_campaigns
        if campaigns == self._hub_campaigns():
            return False
        text = "# Các chiến dịch trung tâm giao (radio tự ghi; đừng sửa tay)\n" + yaml.safe_dump(
            {"campaigns": campaigns}, allow_unicode=True, sort_keys=False)
        try:
            validate_hub_campaigns(self.folder, text)
        except StationError as error:
            found = [p for p in problems_of(error) if p.path and p.path.name == HUB_CAMPAIGNS_FILE]
            if found:
                raise StationError(f"đài không xếp được chiến dịch: {found[0].message}", hint=found[0].hint) from None
            # schedule.yaml has problems of its own: the campaign is not the cause; it lands and check says so
        write_bytes_atomic(self.folder / HUB_CAMPAIGNS_FILE, text.encode("utf-8"))
        return True

    @property
    def cursor(self) -> int:
        try:
            return int(self.cursor_file.read_text().strip() or 0)
        except (OSError, ValueError):
            return 0

    @cursor.setter
    def cursor(self, value: int) -> None:
        if value != self.cursor:
            self.cursor_file.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.cursor_file, str(value).encode())

    def _orders(self) -> dict:
        try:
            orders = json.loads(self.orders_file.read_text("utf-8"))
        except (OSError, ValueError):
            orders = {}
        return {"done": list(orders.get("done") or []), "answers": list(orders.get("answers") or [])}

    def _save_orders(self, orders: dict) -> None:
        self.orders_file.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self.orders_file, json.dumps(orders, ensure_ascii=False).encode("utf-8"))
