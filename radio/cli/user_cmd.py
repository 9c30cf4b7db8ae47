"""radio user, radio approve: the station's accounts and bulletin approval (the console's other door)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from radio.accounts import ROLES, STATE_NAMES, Accounts
from radio.cli.common import accounts_folder, station_folder, table
from radio.errors import StationError


def read_password(prompt: str, confirm: bool) -> str:
    """From the terminal without echo; from stdin (its first line) when it is not a terminal, for scripts."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt="Nhập lại mật khẩu" if confirm else False)
    return sys.stdin.readline().rstrip("\r\n")


@click.group("user")
def user() -> None:
    """Tài khoản của đài: người soạn (bien-tap), người duyệt (duyet), quản trị (quan-tri).

    \b
    Ví dụ:
      radio user add lan --role bien-tap
      radio user list
    """


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="Vai trò.")
@click.pass_context
def add(ctx: click.Context, name: str, role: str) -> None:
    """Tạo tài khoản (mật khẩu nhập từ bàn phím, hoặc dòng đầu của đầu vào chuẩn).

    \b
    Ví dụ:
      radio user add lan --role bien-tap
    """
    accounts = Accounts(accounts_folder(ctx))
    created = accounts.add(name, role, read_password(f"Mật khẩu cho {name}", confirm=True))
    click.echo(f"Đã tạo tài khoản '{created.name}', vai trò {ROLES[created.role]}.")


@user.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Liệt kê tài khoản."""
    users = Accounts(accounts_folder(ctx)).users()
    if not users:
        click.echo("Đài chưa có tài khoản nào. Tạo bằng: radio user add TÊN --role quan-tri")
        return
    click.echo(table(["Tên", "Vai trò", "Tạo lúc"], [[u.name, ROLES[u.role], u.created_at] for u in users]))


@user.command("remove")
@click.argument("name")
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Xóa tài khoản."""
    Accounts(accounts_folder(ctx)).remove(name)
    click.echo(f"Đã xóa tài khoản '{name}'.")


@user.command("passwd")
@click.argument("name")
@click.pass_context
def passwd(ctx: click.Context, name: str) -> None:
    """Đổi mật khẩu."""
    Accounts(accounts_folder(ctx)).set_password(name, read_password(f"Mật khẩu mới cho {name}", confirm=True))
    click.echo(f"Đã đổi mật khẩu của '{name}'.")


@click.command("approve")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--user", "name", required=True, help="Tài khoản người duyệt (vai trò duyet hoặc quan-tri).")
@click.option("--return", "send_back", metavar="NHẬN_XÉT", help="Trả lại cho người soạn, kèm nhận xét.")
@click.pass_context
def approve(ctx: click.Context, file: str, name: str, send_back: str | None) -> None:
    """Duyệt một bản tin (hoặc trả lại kèm nhận xét) khi đài bật approval: required.

    Sửa bản tin đã duyệt thì bản tin phải được duyệt lại.

    \b
    Ví dụ:
      radio approve scripts/tiem-chung.md --user hung
      radio approve scripts/tiem-chung.md --user hung --return "Sửa lại giờ tiêm"
    """
    folder = station_folder(ctx)
    path = Path(file)
    if not path.is_file():
        raise StationError("không tìm thấy bản tin.", path)
    accounts = Accounts(folder)
    approver = accounts.verify(name, read_password(f"Mật khẩu của {name}", confirm=False))
    if approver is None:
        raise StationError("sai tên đăng nhập hoặc mật khẩu.")
    if send_back is not None:
        accounts.send_back(path, approver, send_back)
    else:
        accounts.approve(path, approver)
    click.echo(f"{path.name}: {STATE_NAMES[accounts.state(path)]} (bởi {approver.name}).")
    for entry in accounts.history(f"bulletin:{path.name}"):
        click.echo(f"  {entry['at']}  {entry['actor']}: {entry['action']}" +
                   (f" — {entry['comment']}" if entry["comment"] else ""))


@click.group("token")
def token() -> None:
    """Mã truy cập cho JSON API (chương trình, kịch bản, huyện): mỗi mã một tên và một vai trò.

    \b
    Ví dụ:
      radio token add huyen --role bien-tap
      radio token list
    """


@token.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="Vai trò của mã.")
@click.pass_context
def token_add(ctx: click.Context, name: str, role: str) -> None:
    """Tạo mã truy cập; mã chỉ in ra một lần, hãy chép lại ngay."""
    secret = Accounts(accounts_folder(ctx)).add_token(name, role)
    click.echo(f"Mã truy cập '{name}' ({ROLES[role]}), chỉ hiện một lần:")
    click.echo(secret)


@token.command("list")
@click.pass_context
def token_list(ctx: click.Context) -> None:
    """Liệt kê mã truy cập (không hiện mã)."""
    tokens = Accounts(accounts_folder(ctx)).tokens()
    click.echo(table(["Tên", "Vai trò", "Tạo lúc"], [[t.name, ROLES[t.role], t.created_at] for t in tokens])
               if tokens else "Chưa có mã truy cập nào.")


@token.command("remove")
@click.argument("name")
@click.pass_context
def token_remove(ctx: click.Context, name: str) -> None:
    """Xóa mã truy cập: chương trình dùng mã đó không vào được nữa."""
    Accounts(accounts_folder(ctx)).remove_token(name)
    click.echo(f"Đã xóa mã truy cập '{name}'.")


@click.command("console")
@click.option("--listen", default="127.0.0.1:8057", show_default=True, metavar="ĐỊA_CHỈ:CỔNG",
              help="Nơi nghe (mặc định chỉ máy này).")
@click.pass_context
def console(ctx: click.Context, listen: str) -> None:
    """Chạy JSON API của đài (/api/status, /api/bulletins, /api/plan, /api/log, /api/emergency).

    \b
    Ví dụ:
      radio console
      curl -H "Authorization: Bearer MÃ" http://127.0.0.1:8057/api/status
    """
    import uvicorn
    from radio.console.api import FOLDER_VARIABLE
    from radio.console.process import LOOPBACK, PARENT_VARIABLE, WORKERS, addresses_to_open, console_address, \
        exit_with_parent
    folder = station_folder(ctx)
    if os.environ.get(PARENT_VARIABLE, "").isdigit():  # started by the daemon: it does not outlive it
        exit_with_parent(int(os.environ[PARENT_VARIABLE]))
    host, port = console_address(folder, listen)
    if host not in LOOPBACK:
        click.echo(f"CHÚ Ý: bảng điều khiển nghe ở {listen}: các máy khác trong mạng cũng vào được; mọi mật khẩu "
                   "đặt từ nay cần ít nhất 10 ký tự.", err=True)
    where = addresses_to_open(host, port)
    click.echo(f"Bảng điều khiển của đài: {' hoặc '.join(where)} · JSON API: {where[0]}api/status")
    os.environ[FOLDER_VARIABLE] = str(folder.resolve())
    uvicorn.run("radio.console.api:app_from_environment", factory=True, workers=WORKERS, host=host, port=port,
                log_level="warning")


COMMANDS = (user, approve, token, console)
