"""The JSON API: for scripts on the station PC and, later, for the district.

Every endpoint is a thin wrapper over a library call the CLI also makes (Datasette's habit: each page has a
JSON twin). Requests carry `Authorization: Bearer TOKEN` (`radio token add NAME --role ROLE`); answers and
errors are JSON, errors worded in Vietnamese: 401 without a valid token, 403 for a role that may not,
422 naming the field that is wrong.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from radio import newsroom
from radio.accounts import APPROVERS, Accounts, ChangedSince, User, content_sha256
from radio.console.safety import Safety, page
from radio.bulletin import load_bulletin, parse_date
from radio.errors import StationError
from radio.logbook import read_log
from radio.schedule.control import ControlError, NoDaemon, send
from radio.schedule.planner import in_time_order, plan_json, plan_station
from radio.speech import lines_without_marks, normalize, unknown_words
from radio.station import Station, load_station

MAX_BODY = 1 << 20  # a bulletin is at most 100 KB; a request ten times that is a mistake or an attack
ON_AIR_WAIT_S = 60.0
EMERGENCY_CHARS = 5000  # a few minutes of speech: an emergency says what to do, not a report


class ApiError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field

    def response(self) -> JSONResponse:
        body = {"error": self.message} | ({"field": self.field} if self.field else {})
        return JSONResponse(body, status_code=self.status)


def create_app(folder: Path) -> Starlette:
    """The console's pages and the JSON API, one app."""
    from radio.console.desk import MAX_FORM_BYTES
    from radio.console.pages import Console
    folder = Path(folder)
    console = Console(folder)

    def endpoint(handler, roles: tuple[str, ...] | None = None, session_ok: bool = False):
        """`session_ok`: the console's own pages may call it with their session cookie (reads only)."""
        async def wrapped(request: Request):
            try:
                user = authenticate(folder, request, console if session_ok or request.method == "GET" else None)
                if roles and user.role not in roles:
                    raise ApiError(403, f"vai trò '{user.role}' không được làm việc này.")
                return await handler(request, load_station(folder), user)
            except ApiError as error:
                return error.response()
            except newsroom.Forbidden as error:
                return ApiError(403, str(error), error.field).response()
            except newsroom.FieldError as error:
                return ApiError(422, str(error), error.field).response()
            except newsroom.Changed as error:  # the other version, to show beside one's own
                return JSONResponse({"error": error.message, "current_text": error.current,
                                     "sha256": error.sha256}, status_code=409)
            except ChangedSince as error:
                return ApiError(409, error.describe(), "sha256").response()
            except StationError as error:
                return ApiError(400, str(error)).response()
        return wrapped

    app = Starlette(routes=[
        Route("/api/reading", endpoint(text_reading, session_ok=True), methods=["POST"]),
        Route("/api/status", endpoint(status)),
        Route("/api/dashboard", endpoint(dashboard)),
        Route("/api/bulletins", endpoint(list_bulletins), methods=["GET"]),
        Route("/api/bulletins", endpoint(create_bulletin), methods=["POST"]),
        Route("/api/bulletins/{id}", endpoint(one_bulletin), methods=["GET"]),
        Route("/api/bulletins/{id}", endpoint(update_bulletin), methods=["PUT"]),
        Route("/api/bulletins/{id}/reading", endpoint(bulletin_reading)),
        Route("/api/bulletins/{id}/approve", endpoint(approve, APPROVERS), methods=["POST"]),
        Route("/api/plan", endpoint(plan)),
        Route("/api/log", endpoint(log)),
        Route("/api/emergency", endpoint(emergency, APPROVERS), methods=["POST"]),
        Route("/api/users", endpoint(users, ("quan-tri",))),
        Route("/api/report", endpoint(report_json)),
        *console.routes(),
    ], exception_handlers={404: _not_found, 405: _not_allowed}, middleware=[
        Middleware(Safety, max_body=MAX_FORM_BYTES)])
    app.state.console = console  # its caches serve /api/dashboard as they serve the page
    return app


async def _not_found(request: Request, error) -> Response:
    return _plain(request, 404, "Không có trang này", "Không có trang này (địa chỉ gõ sai, hoặc bản tin đã bị xóa).")


async def _not_allowed(request: Request, error) -> Response:
    return _plain(request, 405, "Không làm được", "Trang này không nhận cách gửi đó: mở lại trang từ menu rồi thử lại.")


def _plain(request: Request, status: int, title: str, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(page(title, message), status_code=status)


FOLDER_VARIABLE = "RADIO_CONSOLE_FOLDER"


def app_from_environment() -> Starlette:
    """The app for each of uvicorn's worker processes, which start fresh and learn the station from the
    environment `radio console` sets. A worker ends when its supervisor is gone."""
    from radio.console.process import exit_with_parent
    exit_with_parent(os.getppid())
    return create_app(Path(os.environ[FOLDER_VARIABLE]))


def authenticate(folder: Path, request: Request, console=None) -> User:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if console is not None and not token and (found := console.session_of(request)):
        return found[0]
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "cần mã truy cập: thêm 'Authorization: Bearer MÃ' (tạo bằng radio token add).")
    accounts = Accounts(folder)
    try:
        user = accounts.token_user(token.strip())
    finally:
        accounts.close()
    if user is None:
        raise ApiError(401, "mã truy cập không đúng hoặc đã bị xóa.")
    return user


async def json_body(request: Request) -> dict:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ApiError(413, "nội dung gửi lên quá lớn.")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(422, "nội dung gửi lên không phải JSON hợp lệ.", "body") from None
    if not isinstance(body, dict):
        raise ApiError(422, "nội dung gửi lên phải là một đối tượng JSON.", "body")
    return body


def _bulletin(station: Station, request: Request):
    path = newsroom.find(station, request.path_params["id"])
    if path is None:
        raise ApiError(404, f"không có bản tin '{request.path_params['id']}'.")
    return load_bulletin(path)


def _date_param(request: Request, name: str, default: dt.date) -> dt.date:
    value = request.query_params.get(name)
    if not value:
        return default
    try:
        return parse_date(value)
    except ValueError as error:
        raise ApiError(422, str(error), name) from None


# ---------------------------------------------------------------------- endpoints

async def status(request: Request, station: Station, user: User) -> JSONResponse:
    now = dt.datetime.now(station.tz)
    on_air = None
    try:
        on_air = send(station.cache_dir, {"command": "status"}).get("on_air")
    except (NoDaemon, ControlError):
        pass
    # the plan's next slot, not the calendar's: a timed bulletin still waiting for approval does not air
    upcoming = [airing for airing, _ in in_time_order(plan_station(station, now.date(), 2)) if airing.start >= now]
    following = ({"slot": upcoming[0].occurrence.label, "program": upcoming[0].occurrence.slot.program,
                  "start": upcoming[0].start.isoformat()} if upcoming else None)
    return JSONResponse({"station": station.name, "now": now.isoformat(timespec="seconds"), "on_air": on_air,
                         "next": following})


async def dashboard(request: Request, station: Station, user: User) -> JSONResponse:
    """The dashboard page's JSON twin."""
    view = request.app.state.console.dashboard_view(station)
    return JSONResponse({"station": station.name, "now": view["now"].isoformat(timespec="seconds"),
                         "on_air": view["on_air"], "output": view["output"], "zones": view["zones"],
                         "remaining": [row["json"] for row in view["slots"]],
                         "warnings": view["findings"], "recent": view["rows"], "disk_free_mb": view["disk_free_mb"]})


async def list_bulletins(request: Request, station: Station, user: User) -> JSONResponse:
    """Every bulletin; ?status=, ?priority=, ?category= narrow the list as the page's filters do."""
    accounts = Accounts(station.folder) if station.approval_required else None
    wanted = {key: value for key in ("status", "priority", "category") if (value := request.query_params.get(key))}
    return JSONResponse([vars(summary) for summary in newsroom.summaries(station, accounts)
                         if all(getattr(summary, key) == value for key, value in wanted.items())])


async def one_bulletin(request: Request, station: Station, user: User) -> JSONResponse:
    """A bulletin's page as JSON: its summary, text, reading and who did what to it."""
    bulletin = _bulletin(station, request)
    summary, history = newsroom.record_of(station, bulletin)
    return JSONResponse(vars(summary) | {"text": bulletin.text, "reading": newsroom.reading(station, bulletin),
                                         "history": history, "sha256": content_sha256(bulletin.path)})


async def report_json(request: Request, station: Station, user: User) -> JSONResponse:
    """The same JSON as radio report --json: ?from=&to= or ?month=YYYY-MM (default: the month so far)."""
    from radio.reports.summary import period_of, report
    query = request.query_params
    try:
        first, last = period_of(station.today(), query.get("from"), query.get("to"), query.get("month"))
    except ValueError as error:
        field, _, message = str(error).partition(": ")
        raise ApiError(422, message, field) from None
    return JSONResponse(report(station, first, last))


async def users(request: Request, station: Station, user: User) -> JSONResponse:
    accounts = Accounts(station.folder)
    try:
        return JSONResponse([vars(account) for account in accounts.users()])
    finally:
        accounts.close()


async def create_bulletin(request: Request, station: Station, user: User) -> JSONResponse:
    bulletin = newsroom.create(station, await json_body(request), user)
    accounts = Accounts(station.folder) if station.approval_required else None
    return JSONResponse(vars(newsroom.summary(station, bulletin, station.today(), accounts)), status_code=201)


async def text_reading(request: Request, station: Station, user: User) -> JSONResponse:
    """Any text as the voice will read it, the abbreviations nobody knows how to read and the lines typed without
    Vietnamese marks (the editor's live preview)."""
    text = (await json_body(request)).get("text")
    if not isinstance(text, str):
        raise ApiError(422, "text: cần một đoạn văn bản.", "text")
    return JSONResponse({"text": normalize(text, station.dialect, station.words),
                         "unknown": unknown_words(text, station.words), "unmarked": lines_without_marks(text)})


async def bulletin_reading(request: Request, station: Station, user: User) -> JSONResponse:
    return JSONResponse({"text": newsroom.reading(station, _bulletin(station, request))})


async def update_bulletin(request: Request, station: Station, user: User) -> JSONResponse:
    """The bulletin rewritten; `sha256` (from GET) names the version the edit started from: 409 with the
    current text when someone else saved in between."""
    bulletin = _bulletin(station, request)
    body = await json_body(request)
    _seen(body)
    bulletin = newsroom.update(bulletin, body, user, station.engines)
    accounts = Accounts(station.folder) if station.approval_required else None
    return JSONResponse(vars(newsroom.summary(station, bulletin, station.today(), accounts)))


async def approve(request: Request, station: Station, user: User) -> JSONResponse:
    """Approval of the version the approver was shown: `{"sha256": …}` from GET /api/bulletins/{id}."""
    bulletin = _bulletin(station, request)
    seen = _seen(await json_body(request))
    accounts = Accounts(station.folder)
    try:
        accounts.approve(bulletin.path, user, seen=seen)
        return JSONResponse(vars(newsroom.summary(station, bulletin, station.today(), accounts)))
    finally:
        accounts.close()


def _seen(body: dict) -> str:
    seen = body.get("sha256")
    if not isinstance(seen, str) or len(seen) != 64:
        raise ApiError(422, "sha256: cần mã nội dung của bản đã xem (trường sha256 của GET /api/bulletins/{id}).",
                       "sha256")
    return seen


async def plan(request: Request, station: Station, user: User) -> JSONResponse:
    try:
        days = int(request.query_params.get("days", "1"))
    except ValueError:
        raise ApiError(422, "days phải là số ngày (1 – 62).", "days") from None
    if not 1 <= days <= 62:
        raise ApiError(422, "days phải là số ngày (1 – 62).", "days")
    return JSONResponse(plan_json(station, plan_station(station, _date_param(request, "date", station.today()), days)))


async def log(request: Request, station: Station, user: User) -> JSONResponse:
    first = _date_param(request, "from", station.today())
    last = _date_param(request, "to", first)
    tz = station.tz
    return JSONResponse(read_log(station.folder, dt.datetime.combine(first, dt.time(), tzinfo=tz),
                                 dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)))


async def emergency(request: Request, station: Station, user: User) -> JSONResponse:
    body = await json_body(request)
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(422, "text: bắt buộc, không được để trống.", "text")
    if newsroom.CONTROL.search(text) or len(text) > EMERGENCY_CHARS:
        raise ApiError(422, f"text: chỉ chữ in được, tối đa {EMERGENCY_CHARS} ký tự.", "text")
    repeat = body.get("repeat", 1)
    if not isinstance(repeat, int) or not 1 <= repeat <= 10:
        raise ApiError(422, "repeat: số lần đọc từ 1 đến 10.", "repeat")
    zones = body.get("zones")
    if zones is not None and (not isinstance(zones, list) or any(z not in station.zones for z in zones)):
        raise ApiError(422, f"zones: danh sách tên vùng trong schedule.yaml ({', '.join(station.zones) or 'chưa có'}).",
                       "zones")
    try:
        answer = send(station.cache_dir, {"command": "emergency", "text": text, "repeat": repeat, "zones": zones})
    except NoDaemon:
        return JSONResponse({"started_at": _air_directly(station, text, repeat)})
    except ControlError as error:
        raise ApiError(503, str(error)) from None
    if not answer.get("ok"):
        raise ApiError(503, str(answer.get("message")))
    return JSONResponse({"started_at": answer["on_air_at"]})


def _air_directly(station: Station, text: str, repeat: int) -> str:
    """No daemon: air it as `radio emergency` does, and answer once the first sample is out."""
    from radio.schedule.direct import air_once
    started: list = []
    ready = threading.Event()

    def start(director):
        airing = director.emergency(text=text, repeat=repeat)
        started.append(airing)
        ready.set()
        return airing

    threading.Thread(target=air_once, args=(station, "device", start), daemon=True,
                     kwargs={"say": lambda message: None, "warn": lambda message: None}).start()
    if not ready.wait(ON_AIR_WAIT_S) or not started[0].on_air.wait(ON_AIR_WAIT_S):
        raise ApiError(503, "tin khẩn cấp chưa lên sóng được.")
    return dt.datetime.fromtimestamp(started[0].aired_at, station.tz).isoformat(timespec="milliseconds")
