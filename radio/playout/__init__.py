"""playout: the feeder (what plays next), the sinks (where it goes), and file preparation for playing."""
from __future__ import annotations

import wave
from pathlib import Path

from radio import ffmpeg
from radio.errors import StationError
from radio.files import atomic_path
from radio.playout.feeder import RATE, AiringItem, SegmentPlan


def segment_plans(segments) -> list[SegmentPlan]:
    """Rendered program segments (seconds) -> what the feeder plays (frames), items at their offsets.

    Each item also gets its ordinal in the whole program: the as-run log keeps it, and a program cut by a
    power failure resumes from it."""
    plans, ordinal = [], 0
    for s in segments:
        items = []
        for i in s.items:
            items.append(AiringItem(i["title"], i["kind"], round(i["offset_s"] * RATE), round(i["duration_s"] * RATE),
                                    {**i, "ordinal": ordinal}))
            ordinal += 1
        plans.append(SegmentPlan(s.kind, round(s.duration_s * RATE), s.path, s.url, items))
    return plans


def position_of(plans: list[SegmentPlan], ordinal: int) -> tuple[int, int] | None:
    """(segment, frame) where the item with this ordinal starts; None past the last item."""
    for index, plan in enumerate(plans):
        for item in plan.items:
            if item.info.get("ordinal") == ordinal:
                return index, item.offset
    return None


def playable_wav(path: Path, work_dir: Path) -> Path:
    """The file itself when it is 44.1 kHz mono 16-bit WAV, else a converted copy in `work_dir`."""
    try:
        with wave.open(str(path)) as reader:
            if (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (RATE, 1, 2):
                return path
    except (wave.Error, EOFError):
        pass
    except OSError:
        raise StationError("không mở được tệp âm thanh.", path) from None
    converted = work_dir / f"{path.stem}.play.wav"
    with atomic_path(converted) as temp:
        ffmpeg.run(["-i", str(path), "-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le", "-f", "wav", str(temp)],
                   "chuyển đổi tệp để phát", path)
    return converted
