"""The two flavours of the provincial wire known so far, one adapter each (radio.hub.sources explains where
the field names come from). Paths are defaults a province can change in hub.yaml (`paths:`).

tt39 (Vietnamese names, after the 1273/2455 guideline's shapes):
    POST login {Username, Password} -> {TrangThaiGui: 0, NoiDung: {Token}}
    GET  feed?tu=CURSOR -> {TrangThaiGui: 0, NoiDung: [bulletin (api5 shape) | cancellation (api6 shape)], Tiep}
    POST api9 play log {NguonId, BanTinId, ThoiDiemGui, LoaiNhatKy, GiaTri, MaNhatKy, MaDiaBan, ThoiDiemBatDau}
    POST api8 cluster status {NguonId, CumLoaId, TrangThaiHoatDong, TrangThaiKetNoi, AmLuong}
en (a second province's English names):
    POST login {username, password} -> {status: 0, data: {token}}
    GET  media?after=CURSOR -> {status: 0, data: [{MediaId, Title, Content, Link, DestinationID[], Priority
         {id, value}, StartDate, EndDate, Cancel}], next}
    POST log {AppName, LogType: "play"|"status", Imei, MediaId, Time, Duration, Online, Playing, LogId}
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from radio.hub.sources import Item, Source
from radio.schedule.calendar import parse_time

SCHEDULE_KINDS = {0: "hằng ngày", 1: "theo tuần", 2: "theo tháng", 3: "theo ngày chỉ định"}  # KieuLich


class Refused(ValueError):
    """The source answered, in its own terms, no."""


class TT39:
    PATHS = {"login": "/api/auth/login", "feed": "/api/Loud/bantin", "playlog": "/api/Loud/api9",
             "status": "/api/Loud/api8"}
    CURSOR = "tu"
    ID_FIELD = "BanTinId"
    # LichPhat's weekly day numbers, by the source's `weekday_numbers`: Vietnamese (2 = Thứ Hai … 7 = Thứ Bảy,
    # 1 or 8 = Chủ nhật) or ISO (1 = Monday … 7 = Sunday)
    WEEKDAY_NUMBERS = {"thu": (None, "sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                       "iso": (None, "mon", "tue", "wed", "thu", "fri", "sat", "sun")}

    def __init__(self, source: Source):
        self.source = source
        self.paths = {**self.PATHS, **source.paths}

    def login_body(self, password: str) -> dict:
        return {"Username": self.source.user, "Password": password}

    def token(self, answer: dict) -> str:
        token = (answer.get("NoiDung") or {}).get("Token") if isinstance(answer.get("NoiDung"), dict) else None
        if answer.get("TrangThaiGui") != 0 or not token:
            raise Refused(str(answer.get("ThongBao") or "nguồn từ chối đăng nhập"))
        return str(token)

    def page(self, answer: dict) -> tuple[list[Item], str | None]:
        """The items of a feed answer and the cursor for the next page (None: nothing more now)."""
        if answer.get("TrangThaiGui") != 0 or not isinstance(answer.get("NoiDung"), list):
            raise Refused(str(answer.get("ThongBao") or "trả lời không đúng dạng (thiếu NoiDung)"))
        return [self.usable(raw) for raw in answer["NoiDung"]], answer.get("Tiep")

    def usable(self, raw) -> Item:
        """The item, or one the hub keeps as unusable and says why: one bad bulletin never holds up the feed."""
        try:
            return self.item(raw)
        except Refused as error:
            text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
            known = raw.get(self.ID_FIELD) if isinstance(raw, dict) else None
            return Item("unusable", str(known or f"khong-ma-{hashlib.sha256(text.encode()).hexdigest()[:10]}"),
                        problem=str(error), raw=raw if isinstance(raw, dict) else {"value": raw})

    def item(self, raw: dict) -> Item:
        if not isinstance(raw, dict) or not raw.get("BanTinId"):
            raise Refused("bản tin không có BanTinId")
        if "TieuDe" not in raw and "LichPhat" not in raw:
            return Item("cancel", str(raw["BanTinId"]), raw=raw)
        content = raw.get("NoiDung") or {}
        times, days = self.schedule(raw.get("LichPhat") or {})
        return Item("bulletin", str(raw["BanTinId"]), title=str(raw.get("TieuDe") or ""),
                    text=str(raw.get("NoiDungTomTat") or raw.get("TieuDe") or ""), topic=_int(raw.get("LinhVuc")),
                    priority=_int(raw.get("MucDoUuTien")) or 3, first=_day(raw.get("NgayBatDau")),
                    last=_day(raw.get("NgayKetThuc")), areas=tuple(str(a) for a in raw.get("DanhSachDiaBanNhan") or []),
                    audio_url=content.get("Link") if isinstance(content, dict) else None, times=times, days=days,
                    raw=raw)

    def schedule(self, plan: dict) -> tuple[tuple[str, ...], tuple]:
        """LichPhat as a station bulletin's `times:` and `days:`. KieuLich 0 every day, 1 on weekdays, 2 on days
        of the month, 3 on the dates listed (DanhSachNgayPhat). Each start time airs the bulletin once, whole:
        ThoiDiemKetThuc is the province's expected end, not a cut. No start time: it airs in the programs."""
        if not isinstance(plan, dict):
            raise Refused("LichPhat không đúng dạng")
        times = tuple(dict.fromkeys(_clock(value) for value in plan.get("ThoiDiemBatDau") or []))
        kind, listed = _int(plan.get("KieuLich")) or 0, plan.get("DanhSachNgayPhat") or []
        if kind not in SCHEDULE_KINDS:
            raise Refused(f"lịch phát kiểu {plan.get('KieuLich')} chưa biết (biết: "
                          + ", ".join(f"{k} {name}" for k, name in SCHEDULE_KINDS.items()) + ")")
        if not times or kind == 0:
            return times, ()
        if not isinstance(listed, list) or not listed:
            raise Refused(f"lịch phát kiểu {kind} ({SCHEDULE_KINDS[kind]}) không có DanhSachNgayPhat")
        return times, tuple({1: self._weekday, 2: _month_day, 3: _listed_date}[kind](value) for value in listed)

    def _weekday(self, value) -> str:
        number = _int(value)
        names = self.WEEKDAY_NUMBERS["iso" if self.source.weekday_numbers == "iso" else "thu"]
        if number is None or not 0 < number < len(names):
            raise Refused(f"thứ '{value}' trong DanhSachNgayPhat không hiểu được (cách đánh số: "
                          f"{self.source.weekday_numbers})")
        return names[number]

    def accepted(self, answer: dict) -> bool:
        return answer.get("TrangThaiGui") == 0

    def playlog(self, item_id: str, station: str, row: dict, key: str) -> tuple[str, dict]:
        return self.paths["playlog"], {
            "NguonId": self.source.user, "BanTinId": item_id, "ThoiDiemGui": _now(), "LoaiNhatKy": "PHAT",
            "GiaTri": round(row.get("duration_s") or 0), "MaNhatKy": key, "MaDiaBan": station,
            "ThoiDiemBatDau": row.get("started_at")}

    def status(self, cluster: str, on_air: bool, connected: bool) -> tuple[str, dict]:
        return self.paths["status"], {"NguonId": self.source.user, "CumLoaId": cluster,
                                      "TrangThaiHoatDong": int(on_air), "TrangThaiKetNoi": int(connected),
                                      "AmLuong": 100}


class English(TT39):
    PATHS = {"login": "/api/login", "feed": "/api/media", "playlog": "/api/log", "status": "/api/log"}
    CURSOR = "after"
    ID_FIELD = "MediaId"

    def login_body(self, password: str) -> dict:
        return {"username": self.source.user, "password": password}

    def token(self, answer: dict) -> str:
        token = (answer.get("data") or {}).get("token") if isinstance(answer.get("data"), dict) else None
        if answer.get("status") != 0 or not token:
            raise Refused(str(answer.get("message") or "nguồn từ chối đăng nhập"))
        return str(token)

    def page(self, answer: dict) -> tuple[list[Item], str | None]:
        if answer.get("status") != 0 or not isinstance(answer.get("data"), list):
            raise Refused(str(answer.get("message") or "trả lời không đúng dạng (thiếu data)"))
        return [self.usable(raw) for raw in answer["data"]], answer.get("next")

    def item(self, raw: dict) -> Item:
        if not isinstance(raw, dict) or not raw.get("MediaId"):
            raise Refused("một bản tin không có MediaId")
        if raw.get("Cancel"):
            return Item("cancel", str(raw["MediaId"]), raw=raw)
        priority = raw.get("Priority") or {}
        return Item("bulletin", str(raw["MediaId"]), title=str(raw.get("Title") or ""),
                    text=str(raw.get("Content") or raw.get("Title") or ""), topic=_int(raw.get("Field")),
                    priority=_int(priority.get("id") if isinstance(priority, dict) else priority) or 3,
                    first=_day(raw.get("StartDate")), last=_day(raw.get("EndDate")),
                    areas=tuple(str(a) for a in raw.get("DestinationID") or []), audio_url=raw.get("Link"), raw=raw)

    def accepted(self, answer: dict) -> bool:
        return answer.get("status") == 0

    def playlog(self, item_id: str, station: str, row: dict, key: str) -> tuple[str, dict]:
        return self.paths["playlog"], {"AppName": "radio", "LogType": "play", "Imei": station, "MediaId": item_id,
                                       "Time": row.get("started_at"), "Duration": round(row.get("duration_s") or 0),
                                       "LogId": key}

    def status(self, cluster: str, on_air: bool, connected: bool) -> tuple[str, dict]:
        return self.paths["status"], {"AppName": "radio", "LogType": "status", "Imei": cluster,
                                      "Online": connected, "Playing": on_air, "Time": _now()}


def adapter_for(source: Source):
    return {"tt39": TT39, "en": English}[source.kind](source)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clock(value) -> str:
    """"06:30:00.000000" (the guideline's HH:mm:ss.ffffff) or "06:30" -> "06:30:00"."""
    at = parse_time(re.sub(r"(:\d{2}:\d{2})\.\d+$", r"\1", str(value).strip()))
    if at is None:
        raise Refused(f"giờ phát '{value}' trong ThoiDiemBatDau không đúng dạng (cần HH:mm:ss)")
    return at.isoformat()


def _month_day(value) -> int:
    number = _int(value)
    if number is None or not 1 <= number <= 31:
        raise Refused(f"ngày '{value}' trong DanhSachNgayPhat không phải ngày trong tháng (1 … 31)")
    return number


def _listed_date(value) -> str:
    """A date as the province lists it: ISO ("2026-12-10", with or without a time), dd/mm/yyyy, or yyyymmdd."""
    text = str(value).strip()
    for pattern, part in (("%Y-%m-%d", text[:10]), ("%d/%m/%Y", text[:10]), ("%Y%m%d", text)):
        try:
            return dt.datetime.strptime(part, pattern).date().isoformat()
        except ValueError:
            continue
    raise Refused(f"ngày '{value}' trong DanhSachNgayPhat không đúng dạng (cần 2026-12-10)")


def _day(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Refused(f"ngày '{value}' không đúng dạng (cần ISO, ví dụ 2026-12-04)") from None


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
