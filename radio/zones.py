"""Zones (hamlets, loudspeaker clusters) as schedule.yaml declares them, and their outputs.

    zones:
      trung-tam: {name: Khu trung tâm, output: device}
      ap-1: {name: Ấp 1, output: "icecast://source:${ICECAST_PASSWORD}@127.0.0.1:8000/ap-1", min_listeners: 3,
             interval: nhac-cho}

A station without `zones:` has one implicit zone (named "") playing to `radio run --output`.
Passwords in output addresses may come from the environment and are never printed: `shown()` masks them.
"""
from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass

from radio.errors import StationError
from radio.yamlfile import line_of

OUTPUT_KINDS = ("device", "null", "file:", "icecast://")
_VARIABLE = re.compile(r"\$\{(\w+)\}")


@dataclass(frozen=True)
class Zone:
    key: str
    name: str
    output: str  # as written, ${VARIABLES} unexpanded
    min_listeners: int = 0
    line: int = 0
    interval: str | None = None  # a jingle the stream loops between programs (default: silence)

    def resolved_output(self) -> str:
        """The output with ${VARIABLES} from the environment (a missing one raises KeyError)."""
        return _VARIABLE.sub(lambda m: os.environ[m[1]], self.output)


# codec -> (ffmpeg encoder arguments, content type, muxer) of a stream to Icecast
CODECS = {"mp3": (["-c:a", "libmp3lame"], "audio/mpeg", "mp3"), "opus": (["-c:a", "libopus"], "audio/ogg", "ogg")}


def parse_icecast(url: str) -> dict:
    """icecast://USER:PASS@HOST:PORT/MOUNT?codec=…&bitrate=… as its parts; a StationError says what is
    missing or wrong (schedule.yaml is checked with this, and the stream is set up with it)."""
    parts = urllib.parse.urlsplit(url)
    options = dict(urllib.parse.parse_qsl(parts.query))
    codec, bitrate = options.get("codec", "mp3"), options.get("bitrate", "48k")
    if codec not in CODECS:
        raise StationError(f"codec '{codec}' không hỗ trợ cho Icecast; dùng mp3 hoặc opus.")
    if not parts.hostname or not parts.port or len(parts.path) < 2:
        raise StationError(f"địa chỉ Icecast '{shown(url)}' thiếu máy, cổng hoặc điểm phát.",
                           hint="ví dụ icecast://source:${ICECAST_PASSWORD}@127.0.0.1:8000/ap-1")
    return {"host": parts.hostname, "port": parts.port, "mount": parts.path, "codec": codec, "bitrate": bitrate,
            "source": urllib.parse.urlunsplit(("icecast", parts.netloc, parts.path, "", ""))}


def shown(output: str) -> str:
    """An output address fit to print or log: any password replaced by ***."""
    if not output.startswith("icecast://"):
        return output
    parts = urllib.parse.urlsplit(output)
    if parts.password is None:
        return output
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, f"{parts.username}:***@{host}", parts.path, parts.query, ""))


def read_zones(reader, data: dict, station) -> None:
    """schedule.yaml's `zones:` into station.zones; problems go to `reader` with their line."""
    zones = reader.section(data, "zones")
    for key, value in zones.items():
        line = line_of(zones, key)
        if not isinstance(value, dict):
            reader.problem(f"vùng '{key}' cần dạng {{name: Ấp 1, output: device}}.", line)
            continue
        reader.known_keys(value, ("name", "output", "min_listeners", "interval"))
        interval = value.get("interval")
        if interval is not None and str(interval) not in station.jingles:
            reader.problem(f"vùng '{key}': nhạc hiệu '{interval}' chưa khai báo trong mục 'jingles'.",
                           line_of(value, "interval"), "dùng tên một nhạc hiệu trong 'jingles', hoặc bỏ 'interval'.")
            interval = None
        output = str(value.get("output") or "").strip()
        if not output.startswith(OUTPUT_KINDS) or output in ("file:", "icecast://"):
            reader.problem(f"vùng '{key}': đầu ra '{shown(output)}' không hợp lệ.", line_of(value, "output") or line,
                           "dùng device, null, file:THƯ_MỤC hoặc icecast://NGUỒN:MẬT_KHẨU@MÁY:CỔNG/ĐIỂM_PHÁT.")
            continue
        if output.startswith("icecast://"):
            missing = [name for name in _VARIABLE.findall(output) if name not in os.environ]
            try:
                parse_icecast(_VARIABLE.sub("x", output))
            except StationError as error:
                reader.problem(f"vùng '{key}': {error.message}", line_of(value, "output") or line, error.hint)
                continue
            if missing:
                reader.problem(f"vùng '{key}': biến môi trường {', '.join(missing)} chưa đặt.",
                               line_of(value, "output") or line, f"đặt {missing[0]}=… trước khi chạy radio run.")
                continue
        minimum = value.get("min_listeners", 0)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
            reader.problem(f"vùng '{key}': min_listeners phải là số nguyên không âm.", line_of(value, "min_listeners"))
            minimum = 0
        station.zones[str(key)] = Zone(str(key), str(value.get("name") or key), output, minimum, line,
                                       str(interval) if interval is not None else None)


def undeclared(names, station) -> list[str]:
    return [name for name in names or () if name not in station.zones]
