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

from radio.hub.sources import Item, Source


class Refused(ValueError):
    """The source answered, in its own terms, no."""


class TT39:
    PATHS = {"login": "/api/auth/login", "feed": "/api/Loud/bantin", "playlog": "/api/Loud/api9",
             "status": "/api/Loud/api8"}
    CURSOR = "tu"

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
        return [self.item(raw) for raw in answer["NoiDung"]], answer.get("Tiep")

    def item(self, raw: dict) -> Item:
        if not isinstance(raw, dict) or not raw.get("BanTinId"):
            raise Refused("một bản tin không có BanTinId")
        if "TieuDe" not in raw and "LichPhat" not in raw:
            return Item("cancel", str(raw["BanTinId"]), raw=raw)
        schedule = raw.get("LichPhat") or {}
        content = raw.get("NoiDung") or {}
        return Item("bulletin", str(raw["BanTinId"]), title=str(raw.get("TieuDe") or ""),
                    text=str(raw.get("NoiDungTomTat") or raw.get("TieuDe") or ""), topic=_int(raw.get("LinhVuc")),
                    priority=_int(raw.get("MucDoUuTien")) or 3, first=_day(raw.get("NgayBatDau")),
                    last=_day(raw.get("NgayKetThuc")), areas=tuple(str(a) for a in raw.get("DanhSachDiaBanNhan") or []),
                    audio_url=content.get("Link") if isinstance(content, dict) else None,
                    schedule_kind=_int(schedule.get("KieuLich")) or 0, raw=raw)

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
        return [self.item(raw) for raw in answer["data"]], answer.get("next")

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
                    areas=tuple(str(a) for a in raw.get("DestinationID") or []), audio_url=raw.get("Link"),
                    schedule_kind=0, raw=raw)

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


def _day(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise Refused(f"ngày '{value}' không đúng dạng (cần ISO, ví dụ 2026-12-04)") from None


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
