"""Audio that goes into a program, made ready for the mixer: canonical WAVs with known length and level."""
from __future__ import annotations

import io
import json
import wave
from dataclasses import dataclass
from pathlib import Path

from radio.ffmpeg import AudioSegment

from radio import ffmpeg
from radio.errors import DiskFull, StationError
from radio.files import atomic_path, file_digest, write_bytes_atomic

SAMPLE_RATE = 44100


@dataclass(frozen=True)
class Source:
    path: Path  # canonical 44.1 kHz mono 16-bit WAV
    duration_s: float
    lufs: float
    fingerprint: str  # changes whenever the audio does


def wav_duration(path: Path) -> float:
    with wave.open(str(path)) as reader:
        return reader.getnframes() / reader.getframerate()


def prepare_jingle(path: Path, cache_dir: Path, declared: tuple[Path, int | None, str] | None = None,
                   kind: str = "nhạc hiệu", fix: str = "sửa đường dẫn trong mục 'jingles' của schedule.yaml") -> Source:
    """Decode any audio file the station supplies (WAV, MP3, …) once; remember its length and loudness.

    `declared`: (schedule.yaml, line, the file as written there): problems are reported at that line,
    naming the file, since that line is what the operator fixes; `kind` and `fix` word them (a jingle, or a
    bulletin's recording)."""
    where, line, shown = declared or (path, None, path.name)

    def problem(message: str, hint: str) -> StationError:
        return StationError(message.format(file=shown), where, line, hint)

    if not path.is_file() or path.stat().st_size == 0:
        raise problem(f"không tìm thấy tệp {kind} {{file}}." if not path.is_file() else
                      f"tệp {kind} {{file}} rỗng (0 byte).", f"đặt tệp vào đúng chỗ hoặc {fix}.")
    fingerprint = file_digest(path)
    canonical = cache_dir / "jingles" / f"{fingerprint}.wav"
    meta_path = canonical.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if canonical.is_file():
            return Source(canonical, meta["duration_s"], meta["lufs"], fingerprint)
    except (OSError, ValueError, KeyError):
        pass
    try:
        with atomic_path(canonical) as temp:
            out = ffmpeg.run(["-i", str(path), "-map", "0:a:0", "-af", "asplit=2[o][m];[m]ebur128=framelog=verbose,anullsink;[o]anull",
                              "-ac", "1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s16le", "-f", "wav", str(temp)],
                             f"đọc {kind}", path)
            duration = wav_duration(temp)
    except DiskFull:
        raise
    except StationError:
        raise problem(f"tệp {kind} {{file}} hỏng hoặc không phải tệp âm thanh.",
                      "thay bằng một tệp WAV hoặc MP3 nghe được.") from None
    measured = ffmpeg.parse_ebur128(out.stderr)
    if duration <= 0 or measured.silent:
        canonical.unlink(missing_ok=True)
        raise problem(f"tệp {kind} {{file}} không có âm thanh (im lặng hoặc rỗng).",
                      "thay bằng một tệp WAV hoặc MP3 nghe được.")
    lufs = measured.lufs
    write_bytes_atomic(meta_path, json.dumps({"duration_s": duration, "lufs": lufs}).encode())
    return Source(canonical, duration, lufs, fingerprint)


def write_segment(audio: AudioSegment, target: Path) -> None:
    """Write a pydub segment as 44.1 kHz mono 16-bit WAV, atomically."""
    audio = audio.set_channels(1).set_frame_rate(SAMPLE_RATE).set_sample_width(2)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(audio.raw_data)
    write_bytes_atomic(target, buffer.getvalue())
