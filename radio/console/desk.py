"""What the station's console and the hub's pages share: accounts in the folder (accounts.sqlite, the same
roles), sessions, CSRF, the login page, forms, and rendering with the same look.

Sessions live on the server (accounts.sqlite keeps a hash of the id); the cookie is HttpOnly and
SameSite=Strict. Every form that changes something carries the session's CSRF token, and a POST from
another origin is refused. Five failed logins in a minute for one name and address lock that pair out
for the rest of the minute. Templates escape everything they print.

A desk names what each request reads (`load`: the station, or the hub) and what its pages add (`page_values`,
`json_twin`); every handler is called as handler(request, place, user, csrf, form).
"""
from __future__ import annotations

import urllib.parse
from pathlib import Path, PureWindowsPath

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from radio.accounts import ROLE_NAMES, ROLES, Accounts, User
from radio.errors import StationError
from radio.importer import MAX_DOCUMENT_BYTES

COOKIE = "radio_session"
LOGIN_LIMIT, LOGIN_WINDOW_S = 5, 60.0


class Desk:
    templates: Environment

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def load(self):
        """What every page of this desk reads once a request (the station, the hub); StationError when broken."""
        raise NotImplementedError

    def unreadable(self):
        """What the login and error pages show when `load` fails (a name at least)."""
        raise NotImplementedError

    def page_values(self, place) -> dict:
        return {}

    def json_twin(self, request: Request) -> str | None:
        return None

    def session_of(self, request: Request) -> tuple[User, str] | None:
        session = request.cookies.get(COOKIE)
        if not session:
            return None
        accounts = Accounts(self.folder)
        try:
            return accounts.session(session)
        finally:
            accounts.close()

    def guarded(self, handler, roles: tuple[str, ...] | None = None, keeps_form: bool = False):
        """`keeps_form`: a form whose text is work (a bulletin): posted with a CSRF token of an earlier session
        (a re-login in another tab), it comes back filled in to be saved again, instead of being lost."""
        async def page(request: Request) -> Response:
            found = self.session_of(request)
            if found is None:
                return RedirectResponse("/dang-nhap", status_code=303)
            user, csrf = found
            if roles and user.role not in roles:
                return self.render("base.html", request, user, csrf, status=403,
                                   error=f"Vai trò '{user.role}' không được làm việc này.")
            form = {}
            if request.method == "POST":
                if not same_origin(request):
                    return self.render("base.html", request, user, csrf, status=403,
                                       error="Yêu cầu từ trang khác bị từ chối.")
                try:
                    form = await read_form(request)
                except StationError as error:
                    return self.render("base.html", request, user, csrf, status=413, error=error.message)
                if form.get("csrf") != csrf and keeps_form:
                    request.state.unsaved = True  # shown again with this session's token, not saved
                elif form.get("csrf") != csrf:
                    return self.render("base.html", request, user, csrf, status=403,
                                       error="Mã chống giả mạo (CSRF) không đúng: phiên đăng nhập đã đổi. Tải lại "
                                             "trang rồi thử lại.")
            try:
                request.state.place = self.load()  # read once a request; render shows it too
                return await handler(request, request.state.place, user, csrf, form)
            except StationError as error:  # named from the desk's folder, never the PC's absolute path
                return self.render("base.html", request, user, csrf, status=400, error=error.describe(self.folder))
        return page

    def render(self, template: str, request: Request, user: User | None, csrf: str = "", status: int = 200,
               **values) -> HTMLResponse:
        place = getattr(request.state, "place", None)
        if place is None:  # the login page, or the folder's settings are broken
            try:
                place = self.load()
            except StationError:
                place = self.unreadable()
        html = self.templates.get_template(template).render(station=place, user=user, csrf=csrf, roles=ROLES,
                                                            role_names=ROLE_NAMES, json_twin=self.json_twin(request),
                                                            **self.page_values(place), **values)
        return HTMLResponse(html, status_code=status)

    async def login_page(self, request: Request) -> Response:
        accounts = Accounts(self.folder)
        try:
            no_users = not accounts.users()
        finally:
            accounts.close()
        return self.render("login.html", request, None, no_users=no_users)

    async def login(self, request: Request) -> Response:
        if not same_origin(request):
            return self.render("login.html", request, None, status=403, error="Yêu cầu từ trang khác bị từ chối.")
        try:
            form = await read_form(request)
        except StationError as error:
            return self.render("login.html", request, None, status=413, error=error.message)
        name, password = form.get("name", "").strip(), form.get("password", "")
        address = request.client.host if request.client else ""
        accounts = Accounts(self.folder)
        try:
            if accounts.recent_failures(name, address, LOGIN_WINDOW_S) >= LOGIN_LIMIT:
                return self.render("login.html", request, None, status=429, name=name,
                                   error="Đăng nhập sai quá nhiều lần: đợi một phút rồi thử lại.")
            user = accounts.verify(name, password)
            if user is None:
                accounts.login_failed(name, address)
                return self.render("login.html", request, None, status=401, name=name,
                                   error="Sai tên đăng nhập hoặc mật khẩu.")
            accounts.forgive_failures(name, address)
            session, _ = accounts.start_session(user)
        finally:
            accounts.close()
        return with_session(RedirectResponse("/", status_code=303), request, session)

    async def logout(self, request, place, user, csrf, form) -> Response:
        accounts = Accounts(self.folder)
        accounts.end_session(request.cookies.get(COOKIE, ""))
        accounts.close()
        response = RedirectResponse("/dang-nhap", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response


MAX_FORM_BYTES = MAX_DOCUMENT_BYTES + 100_000


async def read_form(request: Request) -> dict:
    """A form's fields (an uploaded file as {'name', 'data'}, the name without any folder of the sender's
    PC, Windows' included); a body over the upload limit is refused as it arrives (the limits middleware
    already refused one that says its length)."""
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_FORM_BYTES:
            raise StationError(TOO_LARGE)
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        fields = {}
        request._body = bytes(raw)  # starlette parses the form from the body already read
        async with request.form(max_files=1, max_fields=20) as form:
            for key, value in form.items():
                if hasattr(value, "read"):
                    fields[key] = {"name": PureWindowsPath(value.filename or "").name, "data": await value.read()}
                else:
                    fields[key] = value
        return fields
    return {key: values[-1] for key, values in urllib.parse.parse_qs(raw.decode("utf-8", "replace")).items()}


TOO_LARGE = f"nội dung gửi lên quá lớn (tối đa {MAX_DOCUMENT_BYTES // 1_000_000} MB): chọn tệp nhỏ hơn."


def with_session(response: Response, request: Request, session: str) -> Response:
    """The session cookie: HttpOnly, SameSite=Strict, and Secure when the console is reached over HTTPS
    (directly, or through a proxy in front that says so)."""
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"
    response.set_cookie(COOKIE, session, httponly=True, samesite="strict", secure=secure, path="/")
    return response


def same_origin(request: Request) -> bool:
    """A POST must come from a page of this console: its Origin (or Referer) is this host."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return True  # not a browser (curl, a script on the PC): cookies are not sent cross-site anyway
    return urllib.parse.urlsplit(source).netloc == request.headers.get("host")
