"""The console's pages: the officers' daily work in a browser, in Vietnamese, over the same library as the
CLI and the JSON API (every page's data has a JSON twin under /api). Sessions, CSRF and the login page are
the desk's (radio.console.desk), shared with the hub's pages.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import urllib.parse
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from radio import newsroom
from radio.accounts import APPROVERS, STATE_NAMES, Accounts, ChangedSince, content_sha256
from radio.bulletin import PRIORITY_NAMES, load_bulletin, parse_date
from radio.checks import check_station
from radio.console.desk import Desk, with_session
from radio.console.reports import report_routes, station_report
from radio.errors import StationError, problems_of
from radio.files import write_bytes_atomic
from radio.importer import already_imported, document_text, draft_path, import_document, write_draft
from radio.logbook import read_log, runs_stamp
from radio.logexport import STATUS_WORDS, as_csv, write_xlsx
from radio.render import Renderer, bulletin_wav
from radio.schedule.calendar import clock_text, describe_days
from radio.schedule.control import ControlError, NoDaemon, send
from radio.schedule.director import EMERGENCY_SLOT
from radio.schedule.planner import edits_signature, in_time_order, plan_station, voices_on_air
from radio.schedule.timed import is_timed, title_for
from radio.speech.catalog import DEFAULT_VOICE, engine_label, voice_label
from radio.speech.dates import WEEKDAYS
from radio.station import Station, load_station, validate_schedule
from radio.yamlfile import read_text

PAGE_ROWS = 100  # rows of a long list on one page (the log, the bulletins)
STATES = {"nhap": "bản nháp", "cho-duyet": STATE_NAMES["cho-duyet"], "tra-lai": STATE_NAMES["tra-lai"],
          "da-duyet": STATE_NAMES["da-duyet"], "het-han": "hết hạn"}
READINESS = {"san-sang": "sẵn sàng (gửi duyệt / phát)", "nhap": "bản nháp (chưa phát)"}

_templates = Environment(loader=PackageLoader("radio.console", "templates"), autoescape=select_autoescape(["html"]))


class Console(Desk):
    templates = _templates

    def __init__(self, folder: Path):
        super().__init__(folder)
        self._kept: dict[str, tuple[tuple, object]] = {}  # see unless_changed

    def load(self) -> Station:
        return load_station(self.folder)

    def unreadable(self) -> Station:
        return Station(folder=self.folder)  # schedule.yaml is broken: its default name

    def page_values(self, station: Station) -> dict:
        return {"names": Names(station)}

    def json_twin(self, request: Request) -> str | None:
        return _json_twin(request)

    def routes(self) -> list:
        static = Path(__file__).parent / "static"
        return [
            Route("/dang-nhap", self.login_page, methods=["GET"]),
            Route("/dang-nhap", self.login, methods=["POST"]),
            Route("/dang-xuat", self.guarded(self.logout), methods=["POST"]),
            Route("/", self.guarded(self.dashboard)),
            Route("/truc-tiep", self.guarded(self.dashboard_live)),
            Route("/ban-tin", self.guarded(self.bulletins)),
            Route("/ban-tin/moi", self.guarded(self.new_bulletin, keeps_form=True), methods=["GET", "POST"]),
            Route("/ban-tin/nhap-van-ban", self.guarded(self.import_document), methods=["POST"]),
            Route("/ban-tin/{id}", self.guarded(self.bulletin)),
            Route("/ban-tin/{id}/sua", self.guarded(self.edit_bulletin, keeps_form=True), methods=["GET", "POST"]),
            Route("/ban-tin/{id}/duyet", self.guarded(self.approve, APPROVERS), methods=["POST"]),
            Route("/ban-tin/{id}/tra-lai", self.guarded(self.send_back, APPROVERS), methods=["POST"]),
            Route("/ban-tin/{id}/nghe-thu", self.guarded(self.preview), methods=["POST"]),
            Route("/ban-tin/{id}/rut-lai", self.guarded(self.withdraw), methods=["POST"]),
            Route("/ban-tin/{id}/xoa", self.guarded(self.delete), methods=["POST"]),
            Route("/mat-khau", self.guarded(self.own_password), methods=["GET", "POST"]),
            Route("/nguoi-dung", self.guarded(self.users, ("quan-tri",)), methods=["GET", "POST"]),
            Route("/nguoi-dung/xoa", self.guarded(self.remove_user, ("quan-tri",)), methods=["POST"]),
            Route("/ban-tin/{id}/am-thanh", self.guarded(self.preview_audio)),
            Route("/ban-tin/{id}/moi-giong", self.guarded(self.each_voice), methods=["POST"]),
            Route("/ban-tin/{id}/giong/{sample}", self.guarded(self.voice_sample)),
            Route("/ban-tin/{id}/chon-giong", self.guarded(self.choose_voice), methods=["POST"]),
            Route("/khan-cap", self.guarded(self.emergency, APPROVERS), methods=["GET", "POST"]),
            Route("/lich-phat", self.guarded(self.schedule), methods=["GET"]),
            Route("/lich-phat", self.guarded(self.save_schedule, ("quan-tri",)), methods=["POST"]),
            Route("/nhat-ky", self.guarded(self.log)),
            Route("/nhat-ky.csv", self.guarded(self.log_csv)),
            Route("/nhat-ky.xlsx", self.guarded(self.log_xlsx)),
            *report_routes(self, station_report),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ]

    # ------------------------------------------------------------------ pages

    async def dashboard(self, request, station: Station, user, csrf, form) -> Response:
        return self.render("dashboard.html", request, user, csrf, statuses=STATUS_WORDS, **self.dashboard_view(station))

    async def dashboard_live(self, request, station: Station, user, csrf, form) -> Response:
        """The dashboard's live part alone: the page fetches it every few seconds and puts it in place."""
        return self.render("dashboard_live.html", request, user, csrf, statuses=STATUS_WORDS,
                           **self.dashboard_view(station))

    def dashboard_view(self, station: Station) -> dict:
        """What the dashboard shows (its page, its live part and /api/dashboard): on air, the output, the rest
        of today's slots, radio check's findings, the last as-run rows, disk space."""
        now = dt.datetime.now(station.tz)
        status = _daemon_status(station)
        edited = edits_signature(station.folder) + (now.date(),)  # an approval changes the plan and the warnings
        findings = self.unless_changed("findings", edited,
                                       lambda: [f.describe(station.folder, console=True)
                                                        for f in check_station(station.folder)])
        plan = self.unless_changed("plan", edited + (_stamp(station.bulletins_dir), runs_stamp(station.folder)),
                                   lambda: plan_station(station, now.date(), 1))
        return dict(now=now, on_air=status.get("on_air"), output=status.get("output"), zones=status.get("zones", []),
                    slots=[row for row in _airing_rows(station, plan) if row["end"] >= now], findings=findings,
                    rows=read_log(station.folder, now - dt.timedelta(days=1), now + dt.timedelta(days=1))[-10:],
                    disk_free_mb=shutil.disk_usage(station.folder).free // 1_000_000)

    def unless_changed(self, name: str, signature: tuple, compute):
        """compute(), done again only when `signature` (what staff edit, what was rendered, the day) changed:
        a check of a station with a thousand bulletins takes seconds, a day's plan tens of milliseconds, and
        the dashboard is opened all day."""
        kept = self._kept.get(name)
        if kept is None or kept[0] != signature:
            kept = self._kept[name] = (signature, compute())
        return kept[1]

    async def bulletins(self, request, station: Station, user, csrf, form) -> Response:
        def every_summary():
            accounts = Accounts(station.folder) if station.approval_required else None
            try:
                return newsroom.summaries(station, accounts)
            finally:
                accounts and accounts.close()
        every = self.unless_changed("summaries", edits_signature(station.folder) + (station.today(),),
                                    every_summary)
        filters = {key: request.query_params.get(key, "") for key in ("status", "priority", "category")}
        shown = [s for s in every if all(not wanted or getattr(s, key) == wanted for key, wanted in filters.items())]
        categories = sorted({s.category for s in every if s.category})
        pager = Pager(request, len(shown))
        return self.render("bulletins.html", request, user, csrf, bulletins=pager.of(shown), count=len(shown),
                           pager=pager, filters=filters, categories=categories, states=STATES,
                           priorities=PRIORITY_NAMES)

    async def new_bulletin(self, request, station: Station, user, csrf, form) -> Response:
        return self._bulletin_form(request, station, user, csrf, form, "Soạn bản tin mới", "/ban-tin/moi", {},
                                   lambda fields: newsroom.create(station, fields, user))

    async def import_document(self, request, station: Station, user, csrf, form) -> Response:
        """An official document uploaded (.docx, .pdf, .txt, .md) becomes a draft, as with radio import; the
        upload itself is never kept, and the draft's name comes from the file's name, never its path."""
        upload = form.get("document")
        if not isinstance(upload, dict) or not upload["name"]:
            raise StationError("chưa chọn tệp văn bản.")
        text = document_text(upload["name"], upload["data"])
        earlier = already_imported(text, station.scripts_dir)
        if earlier is not None:
            return RedirectResponse(f"/ban-tin/{earlier.stem}", status_code=303)
        source = Path(upload["name"])  # a bare name (see _form): never a path from the sender's PC
        target = write_draft(import_document(text), source, draft_path(source, station.scripts_dir), text)
        _record(self.folder, user, "nhập văn bản", target, comment=source.name)
        return RedirectResponse(f"/ban-tin/{target.stem}", status_code=303)

    async def edit_bulletin(self, request, station: Station, user, csrf, form) -> Response:
        path = newsroom.find(station, request.path_params["id"])
        if path is None:
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản tin này.")
        bulletin = load_bulletin(path)
        meta, text = newsroom.split_meta(path)
        current = {"title": bulletin.title, "category": bulletin.category, "priority": bulletin.priority,
                   "valid_from": meta.get("valid_from", ""), "valid_until": meta.get("valid_until", ""), "text": text,
                   "status": bulletin.status, "voice": bulletin.voice or "", "sha256": content_sha256(path)}
        return self._bulletin_form(request, station, user, csrf, form, f"Sửa bản tin: {bulletin.title}",
                                   f"/ban-tin/{path.stem}/sua", current,
                                   lambda fields: newsroom.update(bulletin, fields, user, station.engines))

    def _bulletin_form(self, request, station: Station, user, csrf, form, heading, action, current, save) -> Response:
        """The bulletin form: shown filled with `current`, or `form` saved through `save`. A refused save
        shows the form again with what was typed and why; a save over someone else's edit shows both."""
        priorities = {key: name for key, name in PRIORITY_NAMES.items() if key != "khan-cap" or user.can_approve}
        voices = {"": DEFAULT_VOICE} | {engine: engine_label(station, engine) for engine in station.engines}
        values = dict(heading=heading, action=action, priorities=priorities, readiness=READINESS, voices=voices)
        if request.method == "POST" and getattr(request.state, "unsaved", False):
            return self.render("new_bulletin.html", request, user, csrf, status=409, form=form, **values,
                               error="Phiên đăng nhập đã đổi (có lẽ vừa đăng nhập lại ở thẻ khác): bản tin CHƯA được "
                                     "lưu. Chữ của bạn vẫn ở đây; kiểm tra rồi bấm Lưu lần nữa.")
        if request.method == "POST":
            try:
                bulletin = save(form)
            except newsroom.FieldError as error:
                return self.render("new_bulletin.html", request, user, csrf, status=422, form=form,
                                   error=str(error), **values)
            except newsroom.Changed as conflict:  # their text stays in the form; the other version beside it
                return self.render("new_bulletin.html", request, user, csrf, status=409,
                                   form=form | {"sha256": conflict.sha256}, theirs=conflict.current,
                                   error=conflict.message, **values)
            _record(self.folder, user, "soạn" if not current else "sửa", bulletin.path)
            return RedirectResponse(f"/ban-tin/{bulletin.name}", status_code=303)
        return self.render("new_bulletin.html", request, user, csrf, form=current, **values)

    async def preview(self, request, station: Station, user, csrf, form) -> Response:
        """'Nghe thử': render the bulletin as its next program will air it, in that program's voice (cached:
        instant when nothing changed), and play it in the page; a program that reads it in another voice is
        named. Rendering runs in a worker thread, and the console is not the daemon's process."""
        path = newsroom.find(station, request.path_params["id"])
        if path is None:
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản tin này.")
        on_air = await run_in_threadpool(voices_on_air, station, load_bulletin(path), station.today())
        voice = on_air[0][1] if on_air else None
        row = await run_in_threadpool(Renderer(station).bulletin, path, voice)
        message = f"Đã dựng {row.duration_s:.1f} giây, {voice_label(row.voice)}"
        if on_air:
            message += f", như khi phát trong «{on_air[0][0]}»"
        others = [f"«{title}» đọc bằng {engine_label(station, other) if other else DEFAULT_VOICE}"
                  for title, other in on_air if other != voice]
        message += "." + (f" Chương trình {', '.join(others)}." if others else "")
        audio = f"{int(Path(row.file).stat().st_mtime)}&giong={voice or ''}"
        return await self.bulletin(request, station, user, csrf, form, audio=audio, message=message)

    async def preview_audio(self, request, station: Station, user, csrf, form) -> Response:
        """The file 'Nghe thử' made: the bulletin in the voice of the program it asked for (one of the
        station's voices, or its default)."""
        path = newsroom.find(station, request.path_params["id"])
        voice = request.query_params.get("giong")
        voice = voice if voice in station.engines else None  # a name from the address never makes a path
        wav = bulletin_wav(station, load_bulletin(path), voice) if path else None
        if wav is None or not wav.is_file():
            return self.render("base.html", request, user, csrf, status=404,
                               error="Chưa dựng bản tin này: bấm Nghe thử.")
        return FileResponse(wav, media_type="audio/wav")

    async def each_voice(self, request, station: Station, user, csrf, form) -> Response:
        """The bulletin's first sentences in every voice the station has, side by side, to pick one by ear."""
        path = newsroom.find(station, request.path_params["id"])
        if path is None:
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản tin này.")
        bulletin = load_bulletin(path)
        opening = " ".join(bulletin.text.split())[:300]
        samples = await run_in_threadpool(Renderer(station).each_voice, opening, station.samples_dir)
        for sample in samples:
            sample["name"] = Path(sample["file"]).name if sample["file"] else None
            sample["label"] = voice_label(sample["voice"])
            sample["engine"] = sample["voice"].partition(":")[0]
        return await self.bulletin(request, station, user, csrf, form, samples=samples,
                                   message="Cùng một đoạn, đọc bằng từng giọng của đài.")

    async def choose_voice(self, request, station: Station, user, csrf, form) -> Response:
        """'Dùng giọng này' beside a voice heard side by side: the bulletin is read by that voice from now on."""
        path = newsroom.find(station, request.path_params["id"])
        if path is None:
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản tin này.")
        try:
            bulletin = newsroom.choose_voice(load_bulletin(path), form.get("voice", ""), station.engines,
                                             form.get("sha256"))
        except newsroom.FieldError as error:
            return await self.bulletin(request, station, user, csrf, form, error=str(error), status=422)
        except newsroom.Changed as conflict:
            return await self.bulletin(request, station, user, csrf, form, error=conflict.message, status=409)
        chosen = engine_label(station, bulletin.voice) if bulletin.voice else DEFAULT_VOICE
        _record(self.folder, user, "chọn giọng đọc", path, comment=chosen)
        waits = " Bản tin chờ duyệt lại." if station.approval_required else ""
        return await self.bulletin(request, station, user, csrf, form, message=f"Bản tin sẽ đọc bằng {chosen}.{waits}")

    async def voice_sample(self, request, station: Station, user, csrf, form) -> Response:
        name = request.path_params["sample"]
        wav = station.samples_dir / name
        if not re.fullmatch(r"[0-9a-f]{16}\.wav", name) or not wav.is_file():
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản nghe thử này.")
        return FileResponse(wav, media_type="audio/wav")

    async def bulletin(self, request, station: Station, user, csrf, form, message: str = "",
                       audio: str = "", error: str = "", status: int = 200, samples: list | None = None) -> Response:
        path = newsroom.find(station, request.path_params["id"])
        if path is None:
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản tin này.")
        bulletin = load_bulletin(path)
        summary, history = newsroom.record_of(station, bulletin)
        returned = next((h for h in reversed(history) if h["action"] == "trả lại"), None) \
            if summary.status == "tra-lai" else None
        return self.render("bulletin.html", request, user, csrf, status=status, bulletin=bulletin, summary=summary,
                           history=history, reading=newsroom.reading(station, bulletin), states=STATES,
                           priorities=PRIORITY_NAMES, message=message, audio=audio, error=error, returned=returned,
                           sha256=content_sha256(path), samples=samples)

    async def approve(self, request, station: Station, user, csrf, form) -> Response:
        return await self._decide(request, station, user, csrf, form,
                                  lambda accounts, path: accounts.approve(path, user, seen=form.get("sha256", "")),
                                  "Đã duyệt bản tin.")

    async def send_back(self, request, station: Station, user, csrf, form) -> Response:
        return await self._decide(request, station, user, csrf, form,
                                  lambda accounts, path: accounts.send_back(path, user, form.get("comment", ""),
                                                                            seen=form.get("sha256", "")),
                                  "Đã trả lại bản tin cho người soạn.")

    async def withdraw(self, request, station: Station, user, csrf, form) -> Response:
        """Back to draft: it stops airing; the page says so."""
        path = self._changeable(station, user, request.path_params["id"])
        newsroom.withdraw(load_bulletin(path))
        _record(self.folder, user, "rút lại (về bản nháp)", path)
        return await self.bulletin(request, station, user, csrf, form,
                                   message="Đã rút bản tin về bản nháp: bản tin không phát nữa cho tới khi sẵn sàng lại.")

    async def delete(self, request, station: Station, user, csrf, form) -> Response:
        path = self._changeable(station, user, request.path_params["id"])
        if form.get("confirm") != "yes":
            return await self.bulletin(request, station, user, csrf, form,
                                       error="Chưa xóa: đánh dấu ô xác nhận bên cạnh nút Xóa.")
        kept = newsroom.delete(station, load_bulletin(path))
        _record(self.folder, user, "xóa", path, comment=f"giữ bản sao ở {station.known_as(kept)}")
        return RedirectResponse("/ban-tin?da-xoa=" + urllib.parse.quote(path.stem), status_code=303)

    def _changeable(self, station: Station, user, bulletin_id: str) -> Path:
        """A bulletin this person may withdraw or delete: any, for an approver; not an approved one for an
        editor (taking it off the air is the approver's decision)."""
        path = newsroom.find(station, bulletin_id)
        if path is None:
            raise StationError("không có bản tin này.")
        if not user.can_approve and station.approval_required:
            accounts = Accounts(station.folder)
            try:
                if accounts.state(path) == "da-duyet":
                    raise StationError("bản tin đã duyệt: chỉ người duyệt mới rút lại hoặc xóa được.")
            finally:
                accounts.close()
        return path

    async def _decide(self, request, station: Station, user, csrf, form, decision, done: str) -> Response:
        """An approver's decision on a bulletin (approve, return), recorded, then the bulletin's page again."""
        path = newsroom.find(station, request.path_params["id"])
        if path is None:
            return self.render("base.html", request, user, csrf, status=404, error="Không có bản tin này.")
        accounts = Accounts(station.folder)
        try:
            decision(accounts, path)
        except ChangedSince as error:
            return await self.bulletin(request, station, user, csrf, form, error=error.describe(), status=409)
        finally:
            accounts.close()
        return await self.bulletin(request, station, user, csrf, form, message=done)

    async def users(self, request, station: Station, user, csrf, form) -> Response:
        accounts = Accounts(station.folder)
        try:
            if request.method == "GET":
                return self._users_page(request, user, csrf, accounts)
            try:
                created = accounts.add(form.get("name", ""), form.get("role", ""), form.get("password", ""),
                                       actor=user.name)
            except StationError as error:
                return self._users_page(request, user, csrf, accounts, status=422, error=error.describe())
            return self._users_page(request, user, csrf, accounts, message=f"Đã thêm tài khoản '{created.name}'.")
        finally:
            accounts.close()

    def _users_page(self, request, user, csrf, accounts: Accounts, status: int = 200, **values) -> Response:
        return self.render("users.html", request, user, csrf, status=status, users=accounts.users(),
                           min_password=accounts.min_password(), **values)

    async def own_password(self, request, station: Station, user, csrf, form) -> Response:
        """Anyone changes their own password: the old one first; every other session of theirs ends, this
        browser gets a new one."""
        if request.method == "GET":
            return self.render("password.html", request, user, csrf)
        accounts = Accounts(station.folder)
        try:
            if accounts.verify(user.name, form.get("old", "")) is None:
                return self.render("password.html", request, user, csrf, status=422, error="Mật khẩu cũ không đúng.")
            if form.get("new", "") != form.get("again", ""):
                return self.render("password.html", request, user, csrf, status=422,
                                   error="Hai lần nhập mật khẩu mới không giống nhau.")
            try:
                accounts.set_password(user.name, form.get("new", ""), actor=user.name)
            except StationError as error:
                return self.render("password.html", request, user, csrf, status=422, error=error.describe())
            session, csrf = accounts.start_session(user)
        finally:
            accounts.close()
        response = self.render("password.html", request, user, csrf,
                               message="Đã đổi mật khẩu; các phiên đăng nhập khác của bạn đã kết thúc.")
        return with_session(response, request, session)

    async def remove_user(self, request, station: Station, user, csrf, form) -> Response:
        """Removing an account asks for a tick first; its sessions end with it."""
        accounts = Accounts(station.folder)
        try:
            name = form.get("name", "")
            if name == user.name:
                return self._users_page(request, user, csrf, accounts, status=422,
                                        error="Không thể tự xóa tài khoản đang đăng nhập.")
            if form.get("confirm") != "yes":
                return self._users_page(request, user, csrf, accounts, status=422,
                                        error=f"Chưa xóa '{name}': đánh dấu ô xác nhận bên cạnh nút Xóa.")
            accounts.remove(name, actor=user.name)
            return self._users_page(request, user, csrf, accounts, message=f"Đã xóa tài khoản '{name}'.")
        finally:
            accounts.close()

    async def emergency(self, request, station: Station, user, csrf, form) -> Response:
        if request.method == "GET":
            return self.render("emergency.html", request, user, csrf)
        text, repeat = form.get("text", "").strip(), form.get("repeat", "1")
        if not text or form.get("confirm") != "yes" or not repeat.isdigit() or not 1 <= int(repeat) <= 10:
            return self.render("emergency.html", request, user, csrf, status=422, text=text, repeat=repeat,
                               error="Cần nội dung, số lần đọc từ 1 đến 10, và đánh dấu xác nhận.")
        try:
            answer = send(station.cache_dir, {"command": "emergency", "text": text, "repeat": int(repeat)})
        except NoDaemon:
            return self.render("emergency.html", request, user, csrf, status=503, text=text, repeat=repeat,
                               error="Đài chưa chạy nên không phát được: mở chương trình phát sóng trên máy của "
                                     "đài rồi bấm lại.")
        except ControlError as error:
            return self.render("emergency.html", request, user, csrf, status=503, text=text, error=str(error))
        if not answer.get("ok"):
            return self.render("emergency.html", request, user, csrf, status=503, text=text, error=answer["message"])
        said = answer["message"]  # "tin khẩn cấp lên sóng lúc 08:38:47 (…)"
        return self.render("emergency.html", request, user, csrf, message=said[:1].upper() + said[1:])

    async def schedule(self, request, station: Station, user, csrf, form, status: int = 200, text: str | None = None,
                       problems: list[str] = (), message: str = "") -> Response:
        plan = plan_station(station, station.today(), 7)
        return self.render("schedule.html", request, user, csrf, status=status, airings=_airing_rows(station, plan),
                           warnings=list(dict.fromkeys(w for _, rundown in plan for w in rundown.notices)),
                           weekdays=WEEKDAYS, problems=problems, message=message,
                           schedule=text if text is not None else read_text(station.schedule_path))

    async def save_schedule(self, request, station: Station, user, csrf, form) -> Response:
        """Checked exactly as radio check reads it; refused with its lines, the last good file kept; a good
        one replaces the file in one piece and the running daemon picks it up as after any edit."""
        text = form.get("schedule", "").replace("\r\n", "\n")
        try:
            validate_schedule(station.folder, text)
        except StationError as error:
            return await self.schedule(request, station, user, csrf, form, status=422, text=text,
                                       problems=[p.describe(station.folder) for p in problems_of(error)])
        write_bytes_atomic(station.schedule_path, text.encode("utf-8"))
        accounts = Accounts(station.folder)
        accounts.record(user.name, "sửa lịch phát", "schedule.yaml")
        accounts.close()
        request.state.place = load_station(station.folder)  # the saved one, name and all
        return await self.schedule(request, request.state.place, user, csrf, form,
                                   message="Đã lưu schedule.yaml; đài đang chạy sẽ tự nạp lại.")

    async def log(self, request, station: Station, user, csrf, form) -> Response:
        first, last, rows = self._log_rows(request, station)
        pager = Pager(request, len(rows))
        return self.render("log.html", request, user, csrf, rows=pager.of(rows), first=first, last=last, pager=pager,
                           statuses=STATUS_WORDS)

    async def log_csv(self, request, station: Station, user, csrf, form) -> Response:
        first, last, rows = self._log_rows(request, station)
        return Response(as_csv(rows).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="nhat-ky-{first}-{last}.csv"'})

    async def log_xlsx(self, request, station: Station, user, csrf, form) -> Response:
        first, last, rows = self._log_rows(request, station)
        target = station.cache_dir / "exports" / f"nhat-ky-{first}-{last}.xlsx"
        write_xlsx(rows, target, f"Nhật ký phát sóng {station.name}, {first:%d/%m/%Y} – {last:%d/%m/%Y}")
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(target.read_bytes(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{target.name}"'})

    def _log_rows(self, request: Request, station: Station):
        try:
            first = parse_date(request.query_params.get("from") or station.today())
            last = parse_date(request.query_params.get("to") or first)
        except ValueError as error:
            raise StationError(str(error)) from None
        tz = station.tz
        rows = read_log(station.folder, dt.datetime.combine(first, dt.time(), tzinfo=tz),
                        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz))
        return first, last, rows


# Each page's data as JSON (Datasette's habit): the same library calls behind an /api address, linked from
# the page itself so a script writer finds it by looking.
JSON_TWINS = {"/": "/api/dashboard", "/ban-tin": "/api/bulletins", "/lich-phat": "/api/plan?days=7",
              "/nhat-ky": "/api/log", "/nguoi-dung": "/api/users", "/bao-cao": "/api/report"}


def _json_twin(request: Request) -> str | None:
    path, query = request.url.path, request.url.query
    if path in ("/ban-tin", "/nhat-ky", "/bao-cao") and query:
        return f"{JSON_TWINS[path]}?{query}"
    if path in JSON_TWINS:
        return JSON_TWINS[path]
    bulletin = request.path_params.get("id")
    if bulletin and path == f"/ban-tin/{bulletin}":
        return f"/api/bulletins/{urllib.parse.quote(bulletin)}"
    return None


class Names:
    """What pages show instead of the station's internal names: a program's title for its id, Vietnamese
    words for the jingles and the emergency, dates and times as people write them."""
    JINGLES = {"intro": "nhạc mở đầu", "outro": "nhạc kết thúc"}

    def __init__(self, station: Station):
        self.station = station

    def program(self, program_id: str | None) -> str:
        if program_id in ("khan-cap", EMERGENCY_SLOT):
            return "Tin khẩn cấp"
        if is_timed(program_id or ""):
            return title_for(self.station, program_id)
        program = self.station.programs.get(program_id or "")
        return program.title if program else (program_id or "")

    def slot(self, label: str) -> str:
        """A log row's slot ("06:00 sang") as "06:00 Chương trình buổi sáng"."""
        time, _, program_id = label.partition(" ")
        return f"{time} {self.program(program_id)}" if program_id else self.program(label)

    @staticmethod
    def times(bulletin) -> str:
        """A timed bulletin's own air times: "06:30, 17:15 · thứ Hai, thứ Năm"."""
        return f"{', '.join(clock_text(at) for at in bulletin.times)} · {describe_days(bulletin.days)}"

    @classmethod
    def item(cls, title: str, kind: str | None = None) -> str:
        if kind == "jingle" or (kind is None and title in cls.JINGLES):
            return cls.JINGLES.get(title, f"nhạc hiệu «{title}»")
        return title

    engine = staticmethod(engine_label)  # radio.speech.catalog, as `radio voice list` names them
    voice = staticmethod(voice_label)
    DEFAULT_VOICE = DEFAULT_VOICE

    @staticmethod
    def day(iso: str | None) -> str:
        return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""

    def moment(self, iso: str | None) -> str:
        """A moment in station time, as people write it: "06:00 02/12" (the audit trail is written in the
        PC's own time zone, the log in the station's: both shown in the station's)."""
        if not iso:
            return ""
        moment = dt.datetime.fromisoformat(iso)
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.station.tz)
        return f"{moment:%H:%M %d/%m}"


class Pager:
    """Which part of a long list this request shows: ?page=N (from 1), PAGE_ROWS to a page."""

    def __init__(self, request: Request, count: int):
        self.params = {k: v for k, v in request.query_params.items() if k != "page"}
        self.pages = max(1, -(-count // PAGE_ROWS))
        asked = request.query_params.get("page", "1")
        self.page = min(self.pages, max(1, int(asked))) if asked.isdigit() else 1

    def of(self, items: list) -> list:
        return items[(self.page - 1) * PAGE_ROWS:self.page * PAGE_ROWS]

    def query(self, page: int) -> str:
        return urllib.parse.urlencode({**self.params, "page": page})


def _stamp(folder: Path) -> int:
    """Changes when a file in `folder` is written (renders are renamed into place) or removed."""
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return 0


def _daemon_status(station: Station) -> dict:
    try:
        return send(station.cache_dir, {"command": "status"}, timeout=5)
    except (NoDaemon, ControlError):
        return {}


def _record(folder: Path, user, action: str, path: Path, comment: str = "") -> None:
    accounts = Accounts(folder)
    try:
        accounts.record(user.name, action, f"bulletin:{path.name}", comment=comment)
    finally:
        accounts.close()


def _airing_rows(station: Station, plan: list) -> list[dict]:
    """The planned slots of every zone, in time order, as the pages show them: titles, not ids; the zone's name;
    when each goes on air and off; the items the next slot's start would cut, marked."""
    rows = []
    for airing, zone in in_time_order(plan):
        program = station.program_for(airing.occurrence.slot)
        rows.append({"zone": station.zones[zone].name if zone in station.zones else "",
                     "start": airing.start, "on_air": airing.on_air or airing.start, "end": airing.end,
                     "estimated": airing.estimated, "program": program.title,
                     "items": [{"title": Names.item(item.title, item.kind), "cut": cut}
                               for item, cut in zip(airing.items, airing.cut())],
                     "json": airing.as_json(station) | {"zone": zone}})
    return rows
