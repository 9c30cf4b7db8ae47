"""Outputs by name: what `radio run --output` and schedule.yaml's zones name, opened and started (a sound card
that will not open falls back to recording). Sits above both kinds of sink, so neither imports the other."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from radio.errors import StationError
from radio.playout.feeder import Feeder
from radio.playout.icecast import IcecastSink
from radio.playout.sinks import DeviceSink, OutputError, PacedSink, Recorder
from radio.zones import shown


def open_sink(spec: str, feeder: Feeder, tz: dt.tzinfo | None = None, report=None, interval=None):
    """'device' | 'null' | 'file:DIR' | 'icecast://…' -> a sink, not yet started; recordings named in `tz`'s
    time; `report(event, detail)` hears how a stream fares, `interval` is what it carries between programs."""
    if spec.startswith("icecast://"):
        return IcecastSink(feeder, spec, report or (lambda event, detail: None), interval)
    if spec == "device":
        return DeviceSink(feeder)
    if spec == "null":
        return PacedSink(feeder, None, "không phát ra loa (null)")
    if spec.startswith("file:") and len(spec) > 5:
        folder = Path(spec[5:])
        return PacedSink(feeder, Recorder(folder, tz), f"ghi ra thư mục {folder}")
    raise StationError(f"đầu ra '{shown(spec)}' không hợp lệ; dùng device, null, file:THƯ_MỤC hoặc "
                       "icecast://NGUỒN:MẬT_KHẨU@MÁY:CỔNG/ĐIỂM_PHÁT.")


def start_with_fallback(spec: str, feeder: Feeder, fallback_dir: Path, retries: int = 3, wait_s: float = 2.0,
                        warn=print, tz: dt.tzinfo | None = None, report=None, interval=None):
    """Start the output; a sound card that will not open is retried, then the air is recorded to files
    in `fallback_dir` so neither the audio nor the log is lost. A stream keeps trying by itself (and
    reports through `report`). Returns the running sink."""
    sink = open_sink(spec, feeder, tz, report, interval)
    for attempt in range(retries if isinstance(sink, DeviceSink) else 1):
        try:
            sink.start()
            return sink
        except OutputError as error:
            warn(f"CẢNH BÁO: {error} (lần thử {attempt + 1}/{retries})")
            if attempt + 1 < retries:
                time.sleep(wait_s)
    warn(f"CẢNH BÁO: KHÔNG PHÁT ĐƯỢC RA LOA. Âm thanh đang được GHI RA TỆP trong {fallback_dir} "
         "để không bị mất. Hãy kiểm tra card âm thanh!")
    sink = PacedSink(feeder, Recorder(fallback_dir, tz), f"ghi ra thư mục {fallback_dir} (dự phòng)")
    sink.start()
    return sink
