"""radio hub … (the centre's commands) and radio link (a station joining its centre)."""
from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click

from radio.cli.common import station_folder, table


@click.group("hub")
def hub() -> None:
    """Trung tâm huyện/tỉnh: các đài xã liên kết, gửi nhật ký phát sóng và tình trạng lên."""


@hub.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--name", required=True, help="Tên trung tâm.")
@click.option("--db", help="Cơ sở dữ liệu: postgresql://… (mặc định: tệp hub.sqlite trong thư mục).")
def hub_init(folder: str, name: str, db: str | None) -> None:
    """Tạo trung tâm mới.

    \b
    Ví dụ:
      radio hub init trung-tam --name "Trung tâm Văn hóa – Thông tin huyện Thống Nhất"
      radio hub init trung-tam --name "…" --db postgresql://127.0.0.1/trungtam
    """
    from radio.hub.config import init_hub
    made = init_hub(Path(folder), name, db)
    click.echo(f"Đã tạo trung tâm «{made.name}» ở {Path(folder).resolve()} ({_store_kind(made.db)}).")


def _store_kind(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


@hub.group("station")
def hub_station() -> None:
    """Các đài xã của trung tâm."""


@hub_station.command("add")
@click.argument("station_id")
@click.option("--name", required=True, help="Tên đài, ví dụ \"Đài truyền thanh xã Gia Tân 1\".")
@click.pass_context
def hub_station_add(ctx: click.Context, station_id: str, name: str) -> None:
    """Thêm một đài; in mã liên kết dùng một lần (dòng cuối).

    \b
    Ví dụ:
      radio -C trung-tam hub station add gia-tan-1 --name "Đài truyền thanh xã Gia Tân 1"
    """
    with _store(ctx) as store:
        code = store.add_station(station_id, name)
    click.echo(f"Đã thêm đài {station_id}. Trên máy của đài, chạy: radio link ĐỊA_CHỈ_TRUNG_TÂM --code {code}")
    click.echo(code)


@hub.command("run")
@click.option("--listen", default="127.0.0.1:8070", show_default=True, metavar="ĐỊA_CHỈ:CỔNG")
@click.option("--cert", type=click.Path(exists=True, dir_okay=False), help="Chứng chỉ TLS (PEM) để phục vụ HTTPS.")
@click.option("--key", type=click.Path(exists=True, dir_okay=False), help="Khóa riêng của chứng chỉ (PEM).")
@click.option("--mqtt", default="off", show_default=True, metavar="ĐỊA_CHỈ:CỔNG|off",
              help="Máy chủ MQTT (Mosquitto) để báo các đài ngay khi có tin; off: các đài tự hỏi định kỳ.")
@click.pass_context
def hub_run(ctx: click.Context, listen: str, cert: str | None, key: str | None, mqtt: str) -> None:
    """Chạy trung tâm: các đài lấy tin xuống, gửi nhật ký và tình trạng lên địa chỉ này."""
    import uvicorn
    from radio.console.process import console_address
    from radio.hub.server import create_hub_app
    if bool(cert) != bool(key):
        raise click.BadParameter("cần cả --cert và --key để phục vụ HTTPS.", param_hint="--cert")
    made = _hub(ctx)
    host, port = console_address(made.folder, listen)  # the centre's pages: off this machine, long passwords
    store = made.store()
    store.migrate()  # a hub upgraded in place moves its store to the new schema before serving
    scheme = "https" if cert else "http"
    bell = None
    if mqtt != "off":
        from radio.hub.doorbell import HubBell
        try:
            bell = HubBell(made.store(), mqtt, lambda message: click.echo(message))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--mqtt") from None
        bell.start()
    click.echo(f"Trung tâm «{made.name}»: {scheme}://{listen}/ ({_store_kind(made.db)}"
               + (f", chuông MQTT {mqtt}" if bell else ", các đài tự hỏi định kỳ") + "). Dừng bằng Ctrl+C.")
    from radio.hub.sources import load_sources
    from radio.hub.sources.link import SourceLink
    links = [SourceLink(made, source, made.store(), lambda message: click.echo(message))
             for source in load_sources(made.folder)]
    for link in links:
        link.start()
    try:
        uvicorn.run(create_hub_app(store, doorbell=mqtt if bell else None, folder=made.folder), host=host,
                    port=port, log_level="warning", ssl_certfile=cert, ssl_keyfile=key)
    finally:
        for link in links:
            link.stop()
        if bell is not None:
            bell.stop()


@hub.command("status")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def hub_status(ctx: click.Context, as_json: bool) -> None:
    """Các đài: lần cuối liên lạc, chậm bao lâu, đang phát gì, cảnh báo."""
    from radio.hub.centre import describe_span, status
    with _store(ctx) as store:
        shown = status(store, tz=_hub(ctx).tz)
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    click.echo(table(["Đài", "Tên", "Liên lạc lần cuối", "Chậm", "Đang phát", "Dòng", "Cảnh báo"],
                     [[s["id"], s["name"][:32], (s["last_seen"] or "chưa bao giờ")[:19].replace("T", " "),
                       "—" if s["behind_s"] is None else describe_span(s["behind_s"]),
                       ((s["on_air"] or {}).get("item") or "—")[:28], str(s["rows"]), "; ".join(s["alarms"])[:60]]
                      for s in shown])
               if shown else "Trung tâm chưa có đài nào (radio hub station add …).")


def _targets(to: str | None, to_all: bool) -> list[str] | None:
    if bool(to) == to_all:
        raise click.UsageError("chọn đài nhận: --to MÃ_ĐÀI[,MÃ_ĐÀI…] hoặc --all (một trong hai).")
    return None if to_all else [name.strip() for name in to.split(",") if name.strip()]


def _names(value: str | None) -> list[str] | None:
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


def _sender() -> str:
    """Whoever sends from the centre's CLI approves what they send: the account they are logged in as."""
    import getpass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "dòng lệnh"


@hub.command("send")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", help="Các đài nhận, cách nhau dấu phẩy.")
@click.option("--all", "to_all", is_flag=True, help="Gửi mọi đài.")
@click.option("--zones", help="Chỉ phát ở các vùng (ấp) này, cách nhau dấu phẩy.")
@click.pass_context
def hub_send(ctx: click.Context, file: str, to: str | None, to_all: bool, zones: str | None) -> None:
    """Gửi một bản tin xuống các đài (người gửi là người duyệt).

    \b
    Ví dụ:
      radio -C trung-tam hub send scripts/bao-so-3.md --all
      radio -C trung-tam hub send tiem-chung.md --to gia-tan-1,gia-tan-2 --zones ap-1
    """
    from radio.hub.centre import send_bulletin
    made = _hub(ctx)
    with _store(ctx) as store:
        sent = send_bulletin(store, made.name, Path(file), _targets(to, to_all), _names(zones), _sender(), made.files)
    where = "mọi đài" if sent["targets"] is None else ", ".join(sent["targets"])
    click.echo(f"Đã gửi «{sent['title']}» tới {where}; các đài nhận ở lần liên lạc tới (mã {sent['id']}).")


@hub.command("cancel")
@click.argument("bulletin_id")
@click.pass_context
def hub_cancel(ctx: click.Context, bulletin_id: str) -> None:
    """Hủy một bản tin đã gửi: các đài gỡ nó trước lần phát tới."""
    from radio.hub.centre import cancel_bulletin
    with _store(ctx) as store:
        cancelled = cancel_bulletin(store, Path(bulletin_id).stem.removeprefix("trungtam-"), _sender())
    click.echo(f"Đã hủy «{cancelled['title']}»; các đài gỡ bản tin ở lần liên lạc tới.")


@hub.command("quiet")
@click.argument("windows", nargs=-1)
@click.option("--to", help="Các đài áp dụng, cách nhau dấu phẩy.")
@click.option("--all", "to_all", is_flag=True, help="Áp dụng mọi đài.")
@click.pass_context
def hub_quiet(ctx: click.Context, windows: tuple[str, ...], to: str | None, to_all: bool) -> None:
    """Đặt giờ yên tĩnh cho các đài (không phát gì trừ tin khẩn cấp); không ghi giờ nào: bỏ.

    \b
    Ví dụ:
      radio -C trung-tam hub quiet 21:30-05:30 --all
    """
    from radio.hub.centre import set_quiet_hours
    with _store(ctx) as store:
        set_quiet_hours(store, _hub(ctx).name, list(windows), _targets(to, to_all))
    click.echo(f"Giờ yên tĩnh {', '.join(windows) or '(bỏ)'}: các đài áp dụng ở lần liên lạc tới.")


@hub.command("emergency")
@click.option("--text", required=True, help="Nội dung tin khẩn cấp.")
@click.option("--to", help="Các đài, cách nhau dấu phẩy.")
@click.option("--all", "to_all", is_flag=True, help="Mọi đài.")
@click.option("--zones", help="Chỉ các vùng (ấp) này.")
@click.option("--wait", "wait_s", default=30.0, show_default=True, help="Chờ xác nhận tối đa (giây).")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON: từng đài và lúc lên sóng.")
@click.pass_context
def hub_emergency(ctx: click.Context, text: str, to: str | None, to_all: bool, zones: str | None, wait_s: float,
                  as_json: bool) -> None:
    """Lệnh phát tin khẩn cấp ngay ở các đài; chờ các đài xác nhận đã lên sóng."""
    from radio.hub.centre import order_emergency, wait_for_confirmations
    with _store(ctx) as store:
        order = order_emergency(store, _hub(ctx).name, text, _targets(to, to_all), _names(zones), _sender())
        answers = wait_for_confirmations(store, order, wait_s)
    aired = {station: answer for station, answer in answers.items() if answer and answer["ok"]}
    if as_json:
        click.echo(json.dumps({"order": order["id"], "confirmed": len(aired), "targets": len(answers),
                               "stations": [{"station": station, "on_air_at": (answer or {}).get("on_air_at"),
                                             "ok": bool(answer and answer["ok"]),
                                             "message": (answer or {}).get("message") or
                                             ("chưa xác nhận" if answer is None else "")}
                                            for station, answer in answers.items()]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"Lệnh {order['id']}: {len(aired)}/{len(answers)} đài xác nhận đã lên sóng.")
        for station, answer in answers.items():
            click.echo(f"  {station}: " + (f"lên sóng lúc {answer['on_air_at'][11:23]}" if answer and answer["ok"]
                                           else (answer or {}).get("message") or "chưa xác nhận"))
    if len(aired) < len(answers):
        ctx.exit(1)


@hub.command("reach")
@click.argument("what")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def hub_reach(ctx: click.Context, what: str, as_json: bool) -> None:
    """Một bản tin hay lệnh khẩn cấp đã phát ở những đài nào; đài nào chưa, vì sao."""
    from radio.hub.centre import reach
    with _store(ctx) as store:
        found = reach(store, what)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    click.echo(f"«{found['title']}»: đã phát ở {found['aired']}/{found['targets']} đài.")
    for entry in found["stations"]:
        click.echo(f"  {entry['station']}: " + (f"phát lúc {entry['aired_at'][:19].replace('T', ' ')}"
                                                if entry["aired_at"] else entry["why"]))


@hub.command("campaign")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--to", help="Các đài thực hiện, cách nhau dấu phẩy.")
@click.option("--all", "to_all", is_flag=True, help="Mọi đài.")
@click.option("--end", "end_name", help="Kết thúc chiến dịch có tên này ở mọi đài đã nhận.")
@click.option("--list", "listing", is_flag=True, help="Liệt kê các chiến dịch trung tâm đang giao.")
@click.pass_context
def hub_campaign(ctx: click.Context, file: str | None, to: str | None, to_all: bool, end_name: str | None,
                 listing: bool) -> None:
    """Giao chiến dịch tuyên truyền cho các đài (tệp YAML có mục campaigns: như schedule.yaml, không có programs:
    mỗi đài tự xếp vào mọi chương trình của mình); trung tâm theo dõi xã nào đạt chỉ tiêu.

    \b
    Ví dụ:
      radio -C trung-tam hub campaign chien-dich-314.yaml --all
      radio -C trung-tam hub campaign --end "Chuyển đổi số 2026"
      radio -C trung-tam hub campaign --list
    """
    from radio.hub.centre import campaigns, end_campaign, send_campaigns
    if sum(map(bool, (file, end_name, listing))) != 1:
        raise click.UsageError("dùng một trong: TỆP (giao chiến dịch), --end TÊN, --list.")
    with _store(ctx) as store:
        if listing:
            running = campaigns(store)
            click.echo(table(["Chiến dịch", "Từ", "Đến", "Chỉ tiêu mỗi xã", "Đài"],
                             [[c.name, f"{c.first:%d/%m/%Y}", f"{c.last:%d/%m/%Y}", c.target.describe(),
                               "mọi đài" if sent["targets"] is None else ", ".join(sent["targets"])]
                              for c, sent in running]) if running else "Trung tâm chưa giao chiến dịch nào.")
        elif end_name:
            end_campaign(store, end_name, _sender())
            click.echo(f"Đã kết thúc chiến dịch «{end_name}»; các đài gỡ ở lần liên lạc tới.")
        else:
            for sent in send_campaigns(store, _hub(ctx).name, Path(file), _targets(to, to_all), _sender()):
                where = "mọi đài" if sent["targets"] is None else ", ".join(sent["targets"])
                click.echo(f"Đã giao chiến dịch «{sent['name']}» cho {where}.")


@hub.command("report")
@click.option("--from", "start", help="Từ ngày (mặc định: đầu tháng này).")
@click.option("--to", "end", help="Đến ngày, tính cả ngày này (mặc định: hôm nay).")
@click.option("--month", help="Cả một tháng, dạng 2026-11.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False), help="Ghi bảng tính Excel (.xlsx).")
@click.option("--docx", "docx_file", type=click.Path(dir_okay=False), help="Ghi báo cáo Word (.docx), trung tâm "
              "ban hành, theo thể thức văn bản hành chính.")
@click.pass_context
def hub_report(ctx: click.Context, start: str | None, end: str | None, month: str | None, as_json: bool,
               xlsx_file: str | None, docx_file: str | None) -> None:
    """Báo cáo tổng hợp mọi xã: theo xã, theo lĩnh vực, theo chiến dịch (xã nào đạt chỉ tiêu), sự cố.

    \b
    Ví dụ:
      radio -C trung-tam hub report --month 2026-11 --xlsx tong-hop-11.xlsx --docx bao-cao-11.docx
    """
    from radio.cli.report_cmd import emit_report, report_period
    from radio.hub.report import hub_letterhead, rollup
    made = _hub(ctx)
    today = made.today()
    first, last = report_period(today, start, end, month)
    with _store(ctx) as store:
        figures = rollup(store, made.name, first, last, today)
    emit_report(figures, f"Báo cáo tổng hợp {made.name}", hub_letterhead(made.name, made.report), today, as_json,
                xlsx_file, docx_file)
    if not as_json and not (xlsx_file or docx_file):
        for commune in figures["communes"]:
            click.echo(f"  {commune['name']}: {commune['programs']} chương trình, {commune['items']} mục, "
                       f"{commune['airtime_s'] / 60:.1f} phút; lỡ {commune['missed']}, lỗi {commune['failed']}")
    for note in figures["notes"]:
        click.echo(f"Ghi chú: {note}", err=True)


@hub.group("source")
def hub_source() -> None:
    """Hệ thống thông tin nguồn của tỉnh (Thông tư 39/2020/TT-BTTTT): bản tin xuống, nhật ký phát lên."""


@hub_source.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(["tt39", "en"]), help="Kiểu giao tiếp của nguồn.")
@click.option("--url", required=True, help="Địa chỉ nguồn (https://…).")
@click.option("--user", "username", required=True, help="Tên đăng nhập trung tâm được cấp.")
@click.option("--password-env", help="Đọc mật khẩu từ biến môi trường này (không ghi mật khẩu vào tệp).")
@click.option("--every", "every_s", default=60.0, show_default=True, help="Liên lạc với nguồn mỗi bao nhiêu giây.")
@click.pass_context
def hub_source_add(ctx: click.Context, name: str, kind: str, url: str, username: str, password_env: str | None,
                   every_s: float) -> None:
    """Thêm một nguồn; mật khẩu nhập từ bàn phím (hoặc dòng đầu của đầu vào chuẩn), không bao giờ in ra.

    \b
    Ví dụ:
      radio -C trung-tam hub source add tinh-dong-nai --kind tt39 --url https://nguon.dongnai.gov.vn --user thongnhat
      radio -C trung-tam hub source add tinh-x --kind en --url https://… --user tt --password-env NGUON_X
    """
    from radio.cli.user_cmd import read_password
    from radio.hub.sources import Source, add_source
    made = _hub(ctx)
    typed = None if password_env else read_password("Mật khẩu của nguồn", confirm=False)
    add_source(made.folder, Source(name, kind, url.rstrip("/"), username, password_env, every_s), typed)
    click.echo(f"Đã thêm nguồn {name} ({kind}, {url}); trung tâm liên lạc khi chạy radio hub run. "
               f"Thử ngay: radio hub source test {name}")


@hub_source.command("list")
@click.pass_context
def hub_source_list(ctx: click.Context) -> None:
    """Các nguồn, lần liên lạc cuối và vấn đề (nếu có); bản tin nguồn gửi mà chưa gửi được xuống đài."""
    from radio.hub.sources import load_sources
    from radio.hub.sources.link import read_state
    from radio.hub.store import SourceBook
    made = _hub(ctx)
    sources = load_sources(made.folder)
    if not sources:
        click.echo("Trung tâm chưa có nguồn nào (radio hub source add …).")
        return
    with _store(ctx) as store:
        for source in sources:
            state = read_state(made.folder, source.name)
            click.echo(f"{source.name} ({source.kind}) {source.url} — tên đăng nhập {source.user}; "
                       f"liên lạc lần cuối {state.get('checked_at', 'chưa')}"
                       + (f"; VẤN ĐỀ: {state['problem']}" if state.get("problem") else ""))
            for item in SourceBook(store, source.name).items():
                if item["state"] == "refused" or item["note"]:
                    click.echo(f"  bản tin {item['item_id']}: {item['state']} — {item['note']}")


@hub_source.command("test")
@click.argument("name")
@click.pass_context
def hub_source_test(ctx: click.Context, name: str) -> None:
    """Thử đăng nhập và đọc trang bản tin đầu của nguồn (không gửi gì xuống đài)."""
    import httpx
    from radio.hub.sources import load_sources
    from radio.hub.sources.link import SourceDown, SourceLink, describe
    from radio.hub.sources.flavours import Refused
    made = _hub(ctx)
    source = next((s for s in load_sources(made.folder) if s.name == name), None)
    if source is None:
        raise click.BadParameter(f"không có nguồn '{name}' (radio hub source list).", param_hint="NAME")
    with _store(ctx) as store:
        link = SourceLink(made, source, store, click.echo)
        try:
            with httpx.Client(base_url=source.url, timeout=10) as client:
                link.login(client)
                items, _ = link.adapter.page(link.call(client, "GET", link.adapter.paths["feed"]))
        except (httpx.HTTPError, SourceDown, Refused) as error:
            click.echo(f"Nguồn {name}: {describe(error)}.", err=True)
            ctx.exit(1)
    click.echo(f"Nguồn {name}: đăng nhập được; trang đầu có {len(items)} mục.")
    for item in items:
        if item.kind == "unusable":
            click.echo(f"  {item.id}: không dùng được — {item.problem}.")


@hub_source.command("remove")
@click.argument("name")
@click.pass_context
def hub_source_remove(ctx: click.Context, name: str) -> None:
    """Bỏ một nguồn (và mật khẩu đã lưu của nó)."""
    from radio.hub.sources import remove_source
    remove_source(_hub(ctx).folder, name)
    click.echo(f"Đã bỏ nguồn {name}.")


@hub.command("log")
@click.option("--station", "station_id", required=True, help="Mã đài.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON (cùng các trường như radio log --json).")
@click.pass_context
def hub_log(ctx: click.Context, station_id: str, as_json: bool) -> None:
    """Nhật ký phát sóng của một đài, như trung tâm đang giữ."""
    with _store(ctx) as store:
        rows = store.rows_of(station_id)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(table(["Số", "Lịch", "Mục", "Trạng thái"],
                     [[str(r["seq"]), (r["scheduled_at"] or "")[:16].replace("T", " "), r["item"][:40], r["status"]]
                      for r in rows]) if rows else f"Trung tâm chưa có dòng nhật ký nào của đài {station_id}.")


def _hub(ctx: click.Context):
    from radio.hub.config import load_hub
    return load_hub(Path(ctx.obj["station_dir"]))


@contextlib.contextmanager
def _store(ctx: click.Context):
    import sqlalchemy as sa
    from radio.errors import StationError
    store = _hub(ctx).store()
    try:
        yield store
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
        raise StationError(f"không kết nối được cơ sở dữ liệu của trung tâm ({str(error.orig).strip()[:200]}).",
                           hint="kiểm tra máy chủ PostgreSQL (hoặc tệp hub.sqlite) rồi chạy lại.") from None
    finally:
        store.close()



@click.command("link")
@click.argument("url")
@click.option("--code", required=True, help="Mã liên kết trung tâm đã cấp (dùng một lần).")
@click.pass_context
def link(ctx: click.Context, url: str, code: str) -> None:
    """Liên kết đài với trung tâm huyện/tỉnh: đài gửi nhật ký và tình trạng lên đó.

    \b
    Ví dụ:
      radio link https://trungtam.thongnhat.vn --code 3FA9C1-0B7D22-91E4AA
    """
    from radio.hub.uplink import LINK_FILE, link_station
    linked = link_station(station_folder(ctx), url, code)
    click.echo(f"Đã liên kết với {linked.url} là đài {linked.station}. Mã của đài lưu ở {LINK_FILE} (chỉ chủ máy "
               "đọc được); schedule.yaml có mục 'hub'. Chạy lại radio run để bắt đầu gửi.")


COMMANDS = (hub, link)
