"""What the centre sees, in a browser: the station table with its alarms, what was sent down and where it
aired ("đã phát ở 142/168 xã", with which did not and why), emergency orders with their confirmations
arriving, the report rolled up over every commune, and the forms to send a bulletin or an emergency order.

The same look, accounts, roles, sessions and CSRF as the station console (radio.console.desk; accounts in
the hub's folder: radio -C HUB user add …), every page with its JSON twin under /api, and every action the
same library call the CLI makes (radio.hub.centre, radio.hub.report).
"""
from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from radio import newsroom
from radio.accounts import APPROVERS
from radio.bulletin import PRIORITY_NAMES
from radio.console.api import EMERGENCY_CHARS, ApiError, authenticate, json_body, text_reading
from radio.console.desk import Desk
from radio.console.reports import Report, period_asked, report_routes
from radio.errors import StationError
from radio.hub import centre, drafts
from radio.hub.config import Hub, load_hub
from radio.hub.report import hub_letterhead, rollup
from radio.hub.store import Store, aware
from radio.station import Station

KIND_NAMES = {"bulletin": "bản tin", "cancel": "đã hủy", "emergency": "lệnh khẩn cấp", "campaign": "chiến dịch",
              "policy": "giờ yên tĩnh"}
JSON_TWINS = {"/": "/api/stations", "/ban-tin": "/api/sent", "/cho-duyet": "/api/waiting", "/nguon": "/api/sources",
              "/bao-cao": "/api/report"}


class HubDesk(Desk):
    templates = Environment(loader=ChoiceLoader([PackageLoader("radio.hub", "templates"),  # its nav.html first
                                                 PackageLoader("radio.console", "templates")]),
                            autoescape=select_autoescape(["html"]))

    def __init__(self, folder: Path, store: Store):
        super().__init__(folder)
        self.store = store

    def load(self) -> Hub:
        return load_hub(self.folder)

    def unreadable(self) -> Hub:
        return Hub(self.folder, "Trung tâm", "")

    def page_values(self, hub) -> dict:
        return {"span": centre.describe_span}

    def json_twin(self, request: Request) -> str | None:
        path = request.url.path
        if path.startswith("/gui/"):
            return "/api/reach/" + path.removeprefix("/gui/")
        twin = JSON_TWINS.get(path)
        return f"{twin}?{request.url.query}" if twin and request.url.query else twin

    def routes(self) -> list:
        static = Path(__file__).parent.parent / "console" / "static"
        return [
            Route("/dang-nhap", self.login_page, methods=["GET"]),
            Route("/dang-nhap", self.login, methods=["POST"]),
            Route("/dang-xuat", self.guarded(self.logout), methods=["POST"]),
            Route("/", self.guarded(self.stations_page)),
            Route("/truc-tiep", self.guarded(self.stations_live)),
            Route("/ban-tin", self.guarded(self.sent_page)),
            Route("/ban-tin/moi", self.guarded(self.send_page), methods=["GET", "POST"]),
            Route("/cho-duyet", self.guarded(self.waiting_page)),
            Route("/cho-duyet/{id}/duyet", self.guarded(self.approve, APPROVERS), methods=["POST"]),
            Route("/cho-duyet/{id}/tra-lai", self.guarded(self.send_back, APPROVERS), methods=["POST"]),
            Route("/gui/{subject:path}/truc-tiep", self.guarded(self.reach_live)),
            Route("/gui/{subject:path}/huy", self.guarded(self.cancel, APPROVERS), methods=["POST"]),
            Route("/gui/{subject:path}", self.guarded(self.reach_page)),
            Route("/khan-cap", self.guarded(self.order_page, APPROVERS), methods=["GET", "POST"]),
            Route("/nguon", self.guarded(self.sources_page)),
            *report_routes(self, self.report),
            Route("/api/stations", self.api(lambda request, hub: centre.status(self.store, tz=hub.tz))),
            Route("/api/sent", self.api(lambda request, hub: self.sent(hub))),
            Route("/api/waiting", self.api(lambda request, hub: drafts.waiting(hub))),
            Route("/api/sources", self.api(lambda request, hub: self.sources(hub))),
            Route("/api/reach/{subject:path}", self.api(lambda request, hub: self.reach(request))),
            Route("/api/report", self.api(lambda request, hub: self.report(request, hub).figures)),
            Route("/api/emergency", self.api(self.order_json, APPROVERS), methods=["POST"]),
            Route("/api/reading", self.api(self.reading, session_ok=True), methods=["POST"]),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ]

    # ------------------------------------------------------------------ pages

    async def stations_page(self, request, hub, user, csrf, form) -> Response:
        return self.render("stations.html", request, user, csrf, **await run_in_threadpool(self.table, hub))

    async def stations_live(self, request, hub, user, csrf, form) -> Response:
        return self.render("stations_live.html", request, user, csrf, **await run_in_threadpool(self.table, hub))

    async def sent_page(self, request, hub, user, csrf, form) -> Response:
        return self.render("sent.html", request, user, csrf, sent=await run_in_threadpool(self.sent, hub))

    async def reach_page(self, request, hub, user, csrf, form, message: str = "") -> Response:
        return self.render("reach.html", request, user, csrf, found=await run_in_threadpool(self.reach, request),
                           now=dt.datetime.now(hub.tz), message=message)

    async def reach_live(self, request, hub, user, csrf, form) -> Response:
        return self.render("reach_live.html", request, user, csrf, found=await run_in_threadpool(self.reach, request),
                           now=dt.datetime.now(hub.tz))

    async def cancel(self, request, hub, user, csrf, form) -> Response:
        subject = request.path_params["subject"]
        await run_in_threadpool(centre.cancel_bulletin, self.store, subject.removeprefix("bulletin:"), user.name)
        return RedirectResponse(f"/gui/{urllib.parse.quote(subject)}", status_code=303)

    async def send_page(self, request, hub, user, csrf, form) -> Response:
        """Write a bulletin and choose where it goes: an approver's is sent at once, an editor's waits."""
        stations = self.store.stations()
        if request.method == "GET":
            return self.render("send.html", request, user, csrf, form={}, stations=stations, chosen=[],
                               priorities=PRIORITY_NAMES)
        to, zones = _targets_of(form, stations), _zones_of(form)
        fields = {key: form[key] for key in ("title", "text", "category", "priority", "valid_from", "valid_until")
                  if key in form}
        try:
            _, sent = await run_in_threadpool(drafts.write, self.store, hub, fields, user, to, zones)
        except StationError as error:
            return self.render("send.html", request, user, csrf, status=422, form=form, stations=stations,
                               chosen=to or [], to=form.get("to"), zones=form.get("zones"), priorities=PRIORITY_NAMES,
                               error=error.describe(hub.folder))
        if sent is None:
            return RedirectResponse("/cho-duyet", status_code=303)
        return RedirectResponse(f"/gui/{urllib.parse.quote(centre.bulletin_subject(sent['id']))}", status_code=303)

    async def waiting_page(self, request, hub, user, csrf, form, status: int = 200, error: str = "") -> Response:
        return self.render("waiting.html", request, user, csrf, status=status, error=error,
                           waiting=await run_in_threadpool(drafts.waiting, hub), priorities=PRIORITY_NAMES,
                           names={row["id"]: row["name"] for row in self.store.stations()})

    async def approve(self, request, hub, user, csrf, form) -> Response:
        try:
            sent = await run_in_threadpool(drafts.approve, self.store, hub, request.path_params["id"], user,
                                           form.get("sha256"))
        except StationError as error:  # changed since it was shown, say: shown again, as it is now
            return await self.waiting_page(request, hub, user, csrf, form, status=409, error=error.describe())
        return RedirectResponse(f"/gui/{urllib.parse.quote(centre.bulletin_subject(sent['id']))}", status_code=303)

    async def send_back(self, request, hub, user, csrf, form) -> Response:
        try:
            await run_in_threadpool(drafts.send_back, hub, request.path_params["id"], user,
                                    form.get("comment", ""), form.get("sha256"))
        except StationError as error:
            return await self.waiting_page(request, hub, user, csrf, form, status=409, error=error.describe())
        return RedirectResponse("/cho-duyet", status_code=303)

    async def order_page(self, request, hub, user, csrf, form) -> Response:
        stations = self.store.stations()
        if request.method == "GET":
            return self.render("order.html", request, user, csrf, stations=stations, chosen=[])
        to = _targets_of(form, stations)
        try:
            order = await run_in_threadpool(centre.order_emergency, self.store, hub.name, _emergency_text(form), to,
                                            _zones_of(form), user.name)
        except StationError as error:
            return self.render("order.html", request, user, csrf, status=422, stations=stations, chosen=to or [],
                               text=form.get("text"), to=form.get("to"), zones=form.get("zones"),
                               error=error.describe())
        return RedirectResponse(f"/gui/{urllib.parse.quote('emergency:' + order['id'])}", status_code=303)

    async def sources_page(self, request, hub, user, csrf, form) -> Response:
        return self.render("sources.html", request, user, csrf, sources=await run_in_threadpool(self.sources, hub))

    # ------------------------------------------------------------------ what the pages and their twins show

    def sources(self, hub: Hub) -> list[dict]:
        """Each source of the province: its last contact and problem, and what it sent that did not go out
        whole (refused, cancelled first, areas without a station)."""
        from radio.hub.sources import load_sources
        from radio.hub.sources.link import read_state
        from radio.hub.store import SourceBook
        return [{"name": source.name, "kind": source.kind, "url": source.url, **read_state(hub.folder, source.name),
                 "items": [{key: str(value) if key == "updated_at" else value for key, value in item.items()}
                           for item in SourceBook(self.store, source.name).items()]}
                for source in load_sources(hub.folder)]

    def table(self, hub: Hub) -> dict:
        return {"stations": centre.status(self.store, tz=hub.tz), "now": dt.datetime.now(hub.tz)}

    def sent(self, hub: Hub) -> list[dict]:
        """Everything sent down, newest first, each bulletin and order with where it aired."""
        found = []
        stations = {row["id"]: row for row in self.store.stations()}  # read once for every entry's reach
        for change in self.store.changes_of("bulletin", "cancel", "emergency", "campaign", "policy"):
            body, targets = change["body"], change["targets"]
            entry = {"subject": change["subject"], "kind": change["kind"], "kind_name": KIND_NAMES[change["kind"]],
                     "title": body.get("title") or body.get("name") or body.get("campaign") or body.get("text", "")[:80]
                     or ", ".join(body.get("quiet_hours") or []) or "(bỏ giờ yên tĩnh)",
                     "at": f"{aware(change['created_at']).astimezone(hub.tz):%H:%M %d/%m/%Y}",
                     "targets": "mọi đài" if targets is None else ", ".join(targets), "reach": None}
            if change["kind"] in ("bulletin", "emergency"):
                reached = centre.reach(self.store, change["subject"], stations)
                entry["reach"] = f"{reached['aired']}/{reached['targets']} đài"
                entry["aired"], entry["of"] = reached["aired"], reached["targets"]
            found.append(entry)
        return found

    def reach(self, request: Request) -> dict:
        return centre.reach(self.store, request.path_params["subject"])

    def report(self, request: Request, hub: Hub) -> Report:
        today = hub.today()
        first, last = period_asked(request, today)
        return Report(first, last, rollup(self.store, hub.name, first, last, today), f"Báo cáo tổng hợp {hub.name}",
                      hub_letterhead(hub.name, hub.report), today, hub.folder / "exports")

    # ------------------------------------------------------------------ the JSON twins

    def api(self, handler, roles: tuple[str, ...] | None = None, session_ok: bool = False):
        """A JSON door: a bearer token of the hub's accounts (radio -C HUB token add), or the page's session
        for reads (and for `session_ok` posts); answers and errors as the station console's API gives them."""
        async def wrapped(request: Request) -> Response:
            try:
                user = authenticate(self.folder, request, self if session_ok or request.method == "GET" else None)
                if roles and user.role not in roles:
                    raise ApiError(403, f"vai trò '{user.role}' không được làm việc này.")
                hub = self.load()
                if request.method == "POST":
                    answer = await handler(request, hub, user)
                    return answer if isinstance(answer, Response) else JSONResponse(answer)
                return JSONResponse(await run_in_threadpool(handler, request, hub))
            except ApiError as error:
                return error.response()
            except StationError as error:
                return ApiError(400, error.describe()).response()
        return wrapped

    async def order_json(self, request: Request, hub: Hub, user) -> dict:
        """POST {text, to: [ids] | null, zones} -> the order (its id; /api/reach/emergency:ID shows answers)."""
        body = await json_body(request)
        to = body.get("to")
        if to is not None and (not isinstance(to, list) or not all(isinstance(s, str) for s in to)):
            raise ApiError(422, "to: danh sách mã đài, hoặc null cho mọi đài.", "to")
        return await run_in_threadpool(centre.order_emergency, self.store, hub.name, _emergency_text(body), to,
                                       body.get("zones") or None, user.name)

    async def reading(self, request: Request, hub: Hub, user) -> Response:
        """The editor's live "Máy sẽ đọc là", as the station console gives it (a station's default reading)."""
        return await text_reading(request, Station(folder=hub.folder), user)


def _targets_of(form: dict, stations: list[dict]) -> list[str] | None:
    """The form's choice: None for every station, or the ticked ones (none ticked: centre._targets says so)."""
    if form.get("to", "all") == "all":
        return None
    return [row["id"] for row in stations if form.get(f"station-{row['id']}") == "yes"]


def _zones_of(form: dict) -> list[str] | None:
    zones = form.get("zones")
    if isinstance(zones, list):
        return [str(z) for z in zones] or None
    return [name.strip() for name in str(zones or "").split(",") if name.strip()] or None


def _emergency_text(fields: dict) -> str:
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise StationError("tin khẩn cấp cần nội dung.")
    if newsroom.CONTROL.search(text) or len(text) > EMERGENCY_CHARS:
        raise StationError(f"nội dung: chỉ chữ in được, tối đa {EMERGENCY_CHARS} ký tự.")
    return text

