"""radio hub … (the centre's commands) and radio link (a station joining its centre)."""
from __future__ import annotations

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
    store = _hub(ctx).store()
    try:
        code = store.add_station(station_id, name)
    finally:
        store.close()
    click.echo(f"Đã thêm đài {station_id}. Trên máy của đài, chạy: radio link ĐỊA_CHỈ_TRUNG_TÂM --code {code}")
    click.echo(code)


@hub.command("run")
@click.option("--listen", default="127.0.0.1:8070", show_default=True, metavar="ĐỊA_CHỈ:CỔNG")
@click.option("--cert", type=click.Path(exists=True, dir_okay=False), help="Chứng chỉ TLS (PEM) để phục vụ HTTPS.")
@click.option("--key", type=click.Path(exists=True, dir_okay=False), help="Khóa riêng của chứng chỉ (PEM).")
@click.pass_context
def hub_run(ctx: click.Context, listen: str, cert: str | None, key: str | None) -> None:
    """Chạy trung tâm: các đài gửi nhật ký và tình trạng lên địa chỉ này."""
    import uvicorn
    from radio.hub.server import create_hub_app
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("viết dạng 0.0.0.0:8070.", param_hint="--listen")
    if bool(cert) != bool(key):
        raise click.BadParameter("cần cả --cert và --key để phục vụ HTTPS.", param_hint="--cert")
    made = _hub(ctx)
    store = made.store()
    store.migrate()  # a hub upgraded in place moves its store to the new schema before serving
    scheme = "https" if cert else "http"
    click.echo(f"Trung tâm «{made.name}»: {scheme}://{listen}/ ({_store_kind(made.db)}). Dừng bằng Ctrl+C.")
    uvicorn.run(create_hub_app(store), host=host, port=int(port), log_level="warning", ssl_certfile=cert,
                ssl_keyfile=key)


@hub.command("status")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def hub_status(ctx: click.Context, as_json: bool) -> None:
    """Các đài: lần cuối liên lạc, đang phát gì, số dòng nhật ký trung tâm đang giữ."""
    import datetime as dt
    store = _hub(ctx).store()
    try:
        found = store.stations()
    finally:
        store.close()
    now = dt.datetime.now(dt.timezone.utc)
    shown = [{"id": s["id"], "name": s["name"], "linked": s["linked_at"] is not None,
              "last_seen": _iso(s["last_seen"]), "silent_s": _since(s["last_seen"], now),
              "on_air": (s["health"] or {}).get("on_air"), "rows": s["rows"] or 0, "last_seq": s["seq"] or 0,
              "disk_free_mb": (s["health"] or {}).get("disk_free_mb"), "version": (s["health"] or {}).get("version")}
             for s in found]
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    click.echo(table(["Đài", "Tên", "Liên lạc lần cuối", "Im lặng", "Đang phát", "Dòng nhật ký"],
                     [[s["id"], s["name"][:40], (s["last_seen"] or "chưa bao giờ")[:19].replace("T", " "),
                       "—" if s["silent_s"] is None else f"{s['silent_s']:.0f} s",
                       (s["on_air"] or {}).get("item", "—")[:30], str(s["rows"])] for s in shown])
               if shown else "Trung tâm chưa có đài nào (radio hub station add …).")


def _aware(moment):
    """SQLite gives moments back without their zone (they are UTC); PostgreSQL with it."""
    import datetime as dt
    return moment.replace(tzinfo=dt.timezone.utc) if moment is not None and moment.tzinfo is None else moment


def _iso(moment) -> str | None:
    """In the centre's own time, as its people read clocks."""
    return _aware(moment).astimezone().isoformat(timespec="seconds") if moment else None


def _since(moment, now) -> float | None:
    return round((now - _aware(moment)).total_seconds(), 1) if moment is not None else None


@hub.command("log")
@click.option("--station", "station_id", required=True, help="Mã đài.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON (cùng các trường như radio log --json).")
@click.pass_context
def hub_log(ctx: click.Context, station_id: str, as_json: bool) -> None:
    """Nhật ký phát sóng của một đài, như trung tâm đang giữ."""
    store = _hub(ctx).store()
    try:
        rows = store.rows_of(station_id)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(table(["Số", "Lịch", "Mục", "Trạng thái"],
                     [[str(r["seq"]), (r["scheduled_at"] or "")[:16].replace("T", " "), r["item"][:40], r["status"]]
                      for r in rows]) if rows else f"Trung tâm chưa có dòng nhật ký nào của đài {station_id}.")


def _hub(ctx: click.Context):
    from radio.hub.config import load_hub
    return load_hub(Path(ctx.obj["station_dir"]))


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
