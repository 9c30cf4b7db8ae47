"""Content-hash cache of synthesized speech: unchanged text is never synthesized twice.

Key = sha256(engine voice, rate, spoken text). Each entry is a WAV plus a JSON sidecar holding the
WAV's own sha256; an entry whose bytes do not match (power cut, disk error) is dropped and rebuilt.
Both files are written atomically, the sidecar last, so a half-written entry is never trusted. A hit touches
the sidecar: its time is the entry's last use, which prune() goes by.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import wave
from pathlib import Path

from radio.ffmpeg import AudioSegment

from radio.files import write_bytes_atomic

CACHE_FORMAT = 1


class SpeechCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder) / "speech"
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(voice: str, rate: float, text: str) -> str:
        material = json.dumps([CACHE_FORMAT, voice, round(rate, 3), text], ensure_ascii=False)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".wav"), base.with_suffix(".json")

    def get(self, key: str) -> AudioSegment | None:
        audio_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = audio_path.read_bytes()
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise ValueError("checksum")
            with wave.open(io.BytesIO(data)) as reader:
                segment = AudioSegment(data=reader.readframes(reader.getnframes()),
                                       sample_width=reader.getsampwidth(),
                                       frame_rate=reader.getframerate(), channels=reader.getnchannels())
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, EOFError, wave.Error):
            # Corrupt entry: forget it; the caller synthesizes again and put() rewrites it.
            audio_path.unlink(missing_ok=True)
            meta_path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(meta_path)  # still in use: prune() keeps it
        return segment

    def put(self, key: str, audio: AudioSegment, text: str) -> None:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as writer:
            writer.setnchannels(audio.channels)
            writer.setsampwidth(audio.sample_width)
            writer.setframerate(audio.frame_rate)
            writer.writeframes(audio.raw_data)
        data = buffer.getvalue()
        audio_path, meta_path = self._paths(key)
        write_bytes_atomic(audio_path, data)
        meta = {"sha256": hashlib.sha256(data).hexdigest(), "text": text}
        write_bytes_atomic(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    def wavs(self):
        """Every entry's audio file."""
        return self.folder.glob("*/*.wav")

    def prune(self, cutoff: float) -> int:
        """Delete the entries not used since `cutoff` (a time.time() value), and half-written ones as old;
        returns how many went."""
        removed = 0
        for audio_path in self.wavs():
            meta_path = audio_path.with_suffix(".json")
            with contextlib.suppress(OSError):
                last_use = meta_path.stat().st_mtime if meta_path.exists() else audio_path.stat().st_mtime
                if last_use < cutoff:
                    meta_path.unlink(missing_ok=True)
                    audio_path.unlink()
                    removed += 1
        return removed
