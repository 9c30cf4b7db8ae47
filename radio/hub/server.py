"""The hub's wire protocol (HTTPS + JSON, station-initiated), a thin door over radio.hub.store:

    POST /hub/v1/link    {code}                          -> {station, name, credential}   (once per code)
    POST /hub/v1/rows    {rows: [{seq, …log fields}]}    -> {held, refused: [{seq, why}]}
    POST /hub/v1/health  {version, disk_free_mb, on_air, zones, changes_after, …}  -> {ok}
    GET  /hub/v1/changes?after=N                        -> {changes: [{seq, kind, subject, body}], last, more}
    GET  /hub/v1/files/SHA256                           -> the file (a recording), HTTP Range honoured
    POST /hub/v1/confirm {order, ok, on_air_at, message} -> {ok}       (an emergency order's answer)

A station authenticates with `Authorization: Bearer CREDENTIAL`; a batch only ever lands under the station
the credential names (a row cannot claim another station). Bodies over MAX_BODY are refused from their
length, before they are read. Errors are JSON, in Vietnamese.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from radio.console.safety import Safety, page
from radio.errors import StationError
from radio.hub.config import files_of
from radio.hub.pages import HubDesk
from radio.hub.store import LinkRefused, Store

MAX_BODY = 8_000_000  # a batch of 500 rows is about 250 KB; a day's backlog is sent in batches
MAX_ROWS = 1000
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def create_hub_app(store: Store, doorbell: str | None = None, folder: Path | None = None) -> Starlette:
    """`doorbell`: the MQTT broker (host:port) stations may subscribe to, told them with their changes;
    `folder`: the hub's folder, whose accounts open the centre's pages (radio.hub.pages) beside the wire."""
    def endpoint(handler, station_only: bool = True):
        async def wrapped(request: Request):
            try:
                station = _station_of(store, request) if station_only else None
                return await handler(request, station)
            except Refused as error:
                return JSONResponse({"error": str(error)}, status_code=error.status)
            except LinkRefused as error:
                return JSONResponse({"error": error.describe()}, status_code=409)
            except StationError as error:
                return JSONResponse({"error": error.describe()}, status_code=400)
        return wrapped

    async def link(request: Request, station) -> JSONResponse:
        code = (await _body(request)).get("code")
        if not isinstance(code, str) or not code.strip():
            raise Refused(422, "code: cần mã liên kết trung tâm đã cấp.")
        linked = await run_in_threadpool(store.link, code)
        return JSONResponse({"station": linked.station, "name": linked.name, "credential": linked.credential})

    async def rows(request: Request, station: str) -> JSONResponse:
        batch = (await _body(request)).get("rows")
        if not isinstance(batch, list) or len(batch) > MAX_ROWS:
            raise Refused(422, f"rows: cần một danh sách tối đa {MAX_ROWS} dòng.")
        held, refused = await run_in_threadpool(store.ingest, station, batch)
        return JSONResponse({"held": held, "refused": refused})

    async def health(request: Request, station: str) -> JSONResponse:
        await run_in_threadpool(store.seen, station, await _body(request))
        return JSONResponse({"ok": True})

    async def changes(request: Request, station: str) -> JSONResponse:
        try:
            after = int(request.query_params.get("after", "0"))
        except ValueError:
            raise Refused(422, "after: cần một số nguyên (số thứ tự thay đổi cuối cùng đài đã nhận).") from None
        found, last, more = await run_in_threadpool(store.changes_for, station, after)
        return JSONResponse({"changes": found, "last": last, "more": more,
                             "doorbell": _as_seen_by(doorbell, request) if doorbell else None})

    async def confirm(request: Request, station: str) -> JSONResponse:
        body = await _body(request)
        if not isinstance(body.get("order"), str) or not isinstance(body.get("ok"), bool):
            raise Refused(422, "cần order (mã lệnh) và ok (true/false).")
        await run_in_threadpool(store.confirm, body["order"], station, body["ok"], body.get("on_air_at"),
                                str(body.get("message") or ""))
        return JSONResponse({"ok": True})

    pages = HubDesk(folder, store).routes() if folder is not None else []
    async def files(request: Request, station: str) -> Response:
        digest = request.path_params["sha256"]
        path = files_of(folder or Path(".")) / digest
        if folder is None or not SHA256.match(digest) or not path.is_file():
            raise Refused(404, "trung tâm không có tệp này.")
        return FileResponse(path, media_type="application/octet-stream")  # Range: a cut download resumes

    return Starlette(routes=[
        Route("/hub/v1/changes", endpoint(changes), methods=["GET"]),
        Route("/hub/v1/files/{sha256}", endpoint(files), methods=["GET"]),
        Route("/hub/v1/confirm", endpoint(confirm), methods=["POST"]),
        Route("/hub/v1/link", endpoint(link, station_only=False), methods=["POST"]),
        Route("/hub/v1/rows", endpoint(rows), methods=["POST"]),
        Route("/hub/v1/health", endpoint(health), methods=["POST"]),
        *pages,
    ], middleware=[Middleware(Safety, max_body=MAX_BODY)],
        exception_handlers={sa.exc.OperationalError: _store_down, sa.exc.InterfaceError: _store_down})


STORE_DOWN = "cơ sở dữ liệu của trung tâm đang không trả lời; đài giữ nhật ký và gửi lại sau."


async def _store_down(request: Request, error) -> Response:
    """The database under the hub is down or restarting: the hub stays up and says so (503), and what a
    station sent is not lost (it keeps every row until the hub holds it)."""
    if request.url.path.startswith(("/hub/", "/api/")):
        return JSONResponse({"error": STORE_DOWN}, status_code=503)
    return HTMLResponse(page("Trung tâm tạm thời không làm việc được", STORE_DOWN[0].upper() + STORE_DOWN[1:]),
                        status_code=503)


def _as_seen_by(broker: str, request: Request) -> str:
    """The broker's address as a station can reach it: a broker on the hub's own loopback is, for a station
    across the network, on the host the station reached the hub by."""
    from radio.hub.uplink import is_loopback
    host, _, port = broker.rpartition(":")
    if is_loopback(host) and request.url.hostname and not is_loopback(request.url.hostname):
        return f"{request.url.hostname}:{port}"
    return broker


def _station_of(store: Store, request: Request) -> str:
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise Refused(401, "cần mã của đài: 'Authorization: Bearer MÃ' (radio link lưu mã này).")
    station = store.station_for(credential.strip())
    if station is None:
        raise Refused(401, "mã của đài không đúng hoặc đài đã bị gỡ khỏi trung tâm.")
    return station


async def _body(request: Request) -> dict:
    try:
        body = json.loads((await request.body()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(422, "nội dung gửi lên không phải JSON hợp lệ.") from None
    if not isinstance(body, dict):
        raise Refused(422, "nội dung gửi lên phải là một đối tượng JSON.")
    return body
