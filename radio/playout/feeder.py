"""The feeder: what the output plays, block by block, from a queue of airings. Never blocks on I/O
it does not own, never leaves the output without samples (silence when idle), can be preempted.

An airing is a list of segments (mastered WAVs, live relays) with the items inside them at known
offsets. The output asks for `frames` and says when they will be heard (`at`, seconds since the epoch);
item starts and ends are reported with that time, so the as-run log says when listeners heard it.
Break-in: the emergency starts in the very next block while what was playing fades out under it.
Hard starts: an airing marked `hard` (a slot) starts on its sample even when the one before is still playing;
that one fades out over a second under it, the rest of its items reported missed. Only an emergency holds a
hard start back (it then starts right after the emergency).
"""
from __future__ import annotations

import audioop
import collections
import dataclasses
import math
import subprocess
import threading
import time
import wave
from dataclasses import dataclass, field
from typing import Callable

from radio import ffmpeg

RATE = 44100
WIDTH = 2
FADE_S = 0.3  # a break-in: the emergency must not wait
OVERRUN_FADE_S = 1.0  # a program that ran into the next slot's time


@dataclass
class AiringItem:
    """One item as the log sees it; offsets are frames from the start of its segment."""
    title: str
    kind: str
    offset: int
    frames: int
    info: dict = field(default_factory=dict)  # slot, program, file, priority, voice, …


@dataclass
class SegmentPlan:
    kind: str  # "audio" | "relay" | "silence" (a rehearsal's stand-in)
    frames: int
    path: str | None = None
    url: str | None = None
    items: list[AiringItem] = field(default_factory=list)
    # Set when the segment is still being made (an emergency's speech behind its tone): the feeder holds
    # the air with silence until it is set, then plays it, or logs its items failed with `failed`.
    ready: threading.Event | None = None
    failed: str = ""


@dataclass
class Airing:
    name: str
    segments: list[SegmentPlan]
    start_at: float = 0.0  # epoch seconds; not before
    priority: str = "thuong"
    on_event: Callable | None = None  # (airing, item, "started"|"ended", at, status, reason)
    resume_from: tuple[int, int] = (0, 0)  # (segment, frame) to start from
    tag: object = None  # the owner's own data (the director keeps the slot occurrence here)
    done: threading.Event = field(default_factory=threading.Event)
    on_air: threading.Event = field(default_factory=threading.Event)  # its first sample went out
    aired_at: float | None = None  # when that first sample is heard
    interrupted: bool = False
    hard: bool = False  # starts at start_at whatever is playing then (a slot); else after what is on air
    cut_reason: str = ""  # what the airing it cuts is told (the log's reason)

    def words_failed(self, timeout: float) -> str | None:
        """For an airing whose words are made behind it (an emergency): wait until the first words are made;
        why they could not be ("" when they were), or None when it is not known yet."""
        pending = next((segment for segment in self.segments if segment.ready is not None), None)
        if pending is None:
            return ""
        return pending.failed if pending.ready.wait(timeout) else None

    def resumed(self, segment: int, frame: int) -> "Airing":
        return dataclasses.replace(self, resume_from=(segment, frame), start_at=0.0, done=threading.Event(),
                                   interrupted=False, hard=False)



class WavSource:
    def __init__(self, path: str, start_frame: int = 0):
        self.reader = wave.open(path)
        if (self.reader.getframerate(), self.reader.getnchannels(), self.reader.getsampwidth()) != (RATE, 1, WIDTH):
            raise ValueError(f"{path}: cần WAV 44,1 kHz mono 16-bit")
        self.reader.setpos(min(start_frame, self.reader.getnframes()))
        self.failed = ""
        self.failed_status = "failed"

    def read(self, frames: int) -> bytes:
        return self.reader.readframes(frames)

    def close(self) -> None:
        self.reader.close()


class SilenceSource:
    """A rehearsal's stand-in for a rendered program (radio simulate): its length, in silence, so the real
    director and feeder time and log every item without a sample of audio being made."""

    def __init__(self, frames: int, start_frame: int = 0):
        self.remaining = max(0, frames - start_frame)
        self.failed = ""
        self.failed_status = "failed"

    def read(self, frames: int) -> bytes:
        count = min(frames, self.remaining)
        self.remaining -= count
        return bytes(count * WIDTH)

    def close(self) -> None:
        pass


class RelaySource:
    """A live stream pulled through ffmpeg for a fixed time. No answer within `timeout_s`: give up
    (the silence is bounded by the timeout); a stream that stalls later is padded, then cut at its end."""

    def __init__(self, url: str, frames: int, timeout_s: float, start_frame: int = 0):
        self.remaining = (frames - start_frame) * WIDTH
        self.timeout_s = timeout_s
        self.started = time.monotonic()
        self.buffer = bytearray()
        self.lock = threading.Lock()
        self.failed = ""
        self.failed_status = "skipped"  # never answered: skipped; died mid-way: interrupted
        self.got_data = False
        self.process = subprocess.Popen(
            [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
             "-rw_timeout", str(int(timeout_s * 1e6)), "-i", url, "-t", f"{self.remaining / WIDTH / RATE:.2f}",
             "-ac", "1", "-ar", str(RATE), "-f", "s16le", "pipe:1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        while True:
            chunk = self.process.stdout.read(8192)
            if not chunk:
                break
            with self.lock:
                self.buffer += chunk
                self.got_data = True

    def read(self, frames: int) -> bytes:
        if self.remaining <= 0 or self.failed:
            return b""
        wanted = min(frames * WIDTH, self.remaining)
        with self.lock:
            data = bytes(self.buffer[:wanted])
            del self.buffer[:wanted]
            got_data = self.got_data
        if not got_data and time.monotonic() - self.started > self.timeout_s:
            self.failed = "nguồn tiếp sóng không trả lời"
            return b""
        if self.process.poll() is not None and not data:
            if not got_data:
                self.failed = "nguồn tiếp sóng không trả lời"
            elif self.remaining > RATE * WIDTH:  # more than a second short: the stream died
                self.failed, self.failed_status = "nguồn tiếp sóng bị ngắt giữa chừng", "interrupted"
            return b""  # stream ended early: move on, no dead air
        data += b"\x00" * (wanted - len(data))  # a stalled stream: pad this block, keep the clock
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class Feeder:
    def __init__(self, relay_timeout_s: float = 10.0, resume: str = "item"):
        self.queue: collections.deque[Airing] = collections.deque()
        self.lock = threading.Lock()
        self.relay_timeout_s = relay_timeout_s
        self.resume = resume
        self.current: Airing | None = None
        self._segment = 0
        self._source = None
        self._position = 0  # frames into the current segment
        self._fading: tuple[object, int, int] | None = None  # (source, frames left, fade length) of a cut airing
        self._next_at = time.time()
        self._item_started: set[tuple[int, int]] = set()  # (segment, item) of the current airing
        self._item_ended: set[tuple[int, int]] = set()

    # ---------------------------------------------------------------- control (any thread)

    def play(self, airing: Airing) -> None:
        with self.lock:
            self.queue.append(airing)

    def break_in(self, airing: Airing) -> None:
        """Start `airing` in the next block; the interrupted one resumes per policy."""
        airing.start_at = 0.0
        with self.lock:
            interrupted = self.current
            if interrupted is not None and interrupted.priority != "khan-cap":
                self._interrupt(interrupted, self._next_at)
            elif interrupted is not None:  # an emergency during an emergency: queue right after it
                self.queue.appendleft(airing)
                return
            self.queue.appendleft(airing)

    def pending(self) -> threading.Event | None:
        """What the air is held for: the ready event of a segment still being made, else None."""
        with self.lock:
            if self.current is None or self._source is not None or self._segment >= len(self.current.segments):
                return None
            return self.current.segments[self._segment].ready

    def heard_until(self) -> float:
        """The moment the last sample handed to the output will have been heard."""
        with self.lock:
            return self._next_at

    def idle(self) -> bool:
        with self.lock:
            return self.current is None and not self.queue

    def busy_until_idle(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.idle():
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    # ---------------------------------------------------------------- the output's side

    def read(self, frames: int, at: float) -> tuple[bytes, str | None]:
        """`frames` of audio to be heard at `at`, and the name of the airing they belong to (None: idle).

        A queued airing starts on the exact sample of its start time, even in the middle of a block."""
        with self.lock:
            out = bytearray()
            name = None
            while len(out) < frames * WIDTH:
                now = at + len(out) / WIDTH / RATE
                left = frames - len(out) // WIDTH
                due = self._hard_start_in(now, left)
                if due == 0:
                    self._cut_for(now)
                elif self.current is not None and due is not None:  # play up to the sample it starts on
                    name = self.current.name
                    out += self._read_current(due, now)
                    continue
                if self.current is None:
                    if not self.queue or self.queue[0].start_at >= at + frames / RATE:
                        break
                    wait = max(0, math.ceil((self.queue[0].start_at - now) * RATE))  # never a sample early
                    if wait >= left:  # due within this block's last sample: it starts on the next block's first
                        break
                    out += b"\x00" * (wait * WIDTH)
                    if not self._start_next(at + len(out) / WIDTH / RATE):
                        continue
                name = self.current.name
                out += self._read_current(frames - len(out) // WIDTH, at + len(out) / WIDTH / RATE)
            if len(out) < frames * WIDTH:
                out += b"\x00" * (frames * WIDTH - len(out))
            if self._fading:
                out = bytearray(self._mix_fade(bytes(out)))
            self._next_at = at + frames / RATE  # when the next sample will be heard: where a break-in cuts
            return bytes(out), name

    def _hard_start_in(self, now: float, frames: int) -> int | None:
        """Frames from `now` to the first hard start queued within `frames`, unless an emergency is on air."""
        if self.current is not None and self.current.priority == "khan-cap":
            return None
        for airing in self.queue:
            if airing.hard:
                wait = max(0, math.ceil((airing.start_at - now) * RATE))
                return wait if wait < frames else None
        return None

    def _cut_for(self, at: float) -> None:
        """A hard start is due: what is on air, and what was queued before it, make way (faded, rest missed)."""
        index = next(i for i, airing in enumerate(self.queue) if airing.hard)
        reason = self.queue[index].cut_reason
        if self.current is not None:
            self._stop_current(at, "interrupted", reason, "missed", OVERRUN_FADE_S)
        for _ in range(index):
            dropped = self.queue.popleft()
            for segment in dropped.segments[dropped.resume_from[0]:]:
                for item in segment.items:
                    self._emit(item, "failed", at, "missed", reason, dropped)
            _done(dropped, at)

    def _start_next(self, at: float) -> bool:
        self.current = self.queue.popleft()
        self._segment, self._position = self.current.resume_from
        already = {(self._segment, index) for index, item in enumerate(self.current.segments[self._segment].items)
                   if item.offset + item.frames <= self._position} if self._segment < len(self.current.segments) else set()
        self._item_started, self._item_ended = set(already), set(already)
        return self._open_segment(at)

    def _open_segment(self, at: float) -> bool:
        airing = self.current
        while self._segment < len(airing.segments):
            plan = airing.segments[self._segment]
            if plan.ready is not None and not plan.ready.is_set():
                self._source = None  # still being made: _read_current holds the air until it is ready
                return True
            try:
                if plan.failed:
                    raise ValueError(plan.failed)
                if plan.kind == "relay":
                    self._source = RelaySource(plan.url, plan.frames, self.relay_timeout_s, self._position)
                elif plan.kind == "silence":
                    self._source = SilenceSource(plan.frames, self._position)
                else:
                    self._source = WavSource(plan.path, self._position)
                return True
            except (OSError, ValueError, wave.Error, EOFError) as error:
                self._close_items(plan, at, "failed", plan.failed or f"không đọc được âm thanh ({error})")
                self._segment, self._position = self._segment + 1, 0
        self._finish(at)
        return False

    def _read_current(self, frames: int, at: float) -> bytes:
        while True:
            plan = self.current.segments[self._segment]
            if self._source is None:  # a segment being made
                if not plan.ready.is_set():
                    return b"\x00" * (frames * WIDTH)
                if not self._open_segment(at):
                    return b""
                continue
            data = self._source.read(frames)
            if data:
                if not self.current.on_air.is_set():
                    self.current.aired_at = at
                    self.current.on_air.set()
                first = self._position
                self._position += len(data) // WIDTH
                self._events(plan, at, first, self._position)
                return data
            # the segment is over (or its source failed): close its items, open the next one. A file that gave
            # not one sample aired nothing, whatever its items say: the log says so instead of "aired" at one instant.
            failed, status = self._source.failed, self._source.failed_status
            if not failed and self._position == 0 and plan.frames > 0 and plan.kind == "audio":
                failed, status = "không phát được: tệp âm thanh không có mẫu nào", "failed"
            self._source.close()
            self._close_items(plan, at, status if failed else "aired", failed)
            self._segment, self._position = self._segment + 1, 0
            if not self._open_segment(at):
                return b""

    def _events(self, plan: SegmentPlan, at: float, first: int, last: int) -> None:
        """Report the item starts and ends that fall in frames [first, last) heard from `at` on."""
        for index, item in enumerate(plan.items):
            key = (self._segment, index)
            if key not in self._item_started and item.offset < last and item.offset + item.frames > first:
                self._item_started.add(key)
                self._emit(item, "started", at + max(0, item.offset - first) / RATE)
            end = item.offset + item.frames
            if key in self._item_started and key not in self._item_ended and end <= last:
                self._item_ended.add(key)
                self._emit(item, "ended", at + max(0, end - first) / RATE, "aired")

    def _close_items(self, plan: SegmentPlan, at: float, status: str, reason: str = "") -> None:
        """End every item of the segment that is still open with `status`; an item that never started is
        logged as not aired (one row), or, when the segment simply ran out, as aired at its end."""
        for index, item in enumerate(plan.items):
            key = (self._segment, index)
            if key in self._item_ended:
                continue
            self._item_ended.add(key)
            if key not in self._item_started and status != "aired":
                self._emit(item, "failed", at, status, reason)
                continue
            if key not in self._item_started:
                self._emit(item, "started", at)
            self._emit(item, "ended", at, status, reason)

    def _emit(self, item: AiringItem, event: str, at: float, status: str = "", reason: str = "",
              airing: Airing | None = None) -> None:
        """Tell the airing's owner (the director, which writes the log); `airing`: the current one by default.
        Called under the lock: the owner must only queue the event, never block."""
        airing = airing or self.current
        if airing.on_event:
            airing.on_event(airing, item, event, at, status, reason)

    def _finish(self, at: float) -> None:
        airing = self.current
        self.current, self._source = None, None
        _done(airing, at)

    def _stop_current(self, at: float, status: str, reason: str, rest_status: str, fade_s: float,
                      rest_reason: str = "") -> tuple:
        """Take the current airing off the air, fading out over `fade_s`: its playing item ends `status`, the
        items not started are reported `rest_status` (none: the caller keeps them to resume). Returns where to
        resume: (airing, segment, frame at the start of the cut item)."""
        airing, segment = self.current, self._segment
        plan = airing.segments[segment]
        resume_frame = self._position
        for index, item in enumerate(plan.items):
            key = (segment, index)
            if key in self._item_started and key not in self._item_ended:
                self._item_ended.add(key)
                self._emit(item, "ended", at, status, reason)
                resume_frame = item.offset
        if self._fading and self._fading[0]:
            self._fading[0].close()
        self._fading = (self._source, int(fade_s * RATE), int(fade_s * RATE))
        if rest_status:
            for seg_index, seg in enumerate(airing.segments[segment:], start=segment):
                for index, item in enumerate(seg.items):
                    if (seg_index, index) not in self._item_started:
                        self._emit(item, "failed", at, rest_status, rest_reason or reason)
            _done(airing, at)
        self.current, self._source = None, None
        airing.interrupted = True
        return airing, segment, resume_frame

    def _interrupt(self, airing: Airing, at: float) -> None:
        """Cut the current airing for a break-in: its open item ends 'interrupted'; it fades out under the
        break-in and resumes after it per policy."""
        skip = self.resume not in ("item", "program")
        _, segment, resume_frame = self._stop_current(at, "interrupted", "ngắt để phát tin khẩn cấp",
                                                      "skipped" if skip else "", FADE_S, "bỏ qua sau tin khẩn cấp")
        if self.resume == "item":
            self.queue.appendleft(airing.resumed(segment, resume_frame))
        elif self.resume == "program":
            self.queue.appendleft(airing.resumed(0, 0))

    def _mix_fade(self, block: bytes) -> bytes:
        source, left, total = self._fading
        frames = len(block) // WIDTH
        tail = source.read(min(frames, left)) if source else b""
        faded = bytearray()
        step = 441  # 10 ms ramps
        for start in range(0, len(tail) // WIDTH, step):
            chunk = tail[start * WIDTH:(start + step) * WIDTH]
            gain = max(0.0, (left - start) / total)
            faded += audioop.mul(chunk, WIDTH, gain)
        left -= frames
        if left <= 0 or not tail:
            if source:
                source.close()
            self._fading = None
        else:
            self._fading = (source, left, total)
        faded += b"\x00" * (len(block) - len(faded))
        return audioop.add(block, bytes(faded), WIDTH)


def _done(airing: Airing, at: float) -> None:
    """The airing is over (played to its end, or cut with nothing left to resume): tell its owner."""
    if airing.on_event:
        airing.on_event(airing, None, "finished", at, "", "")
    airing.done.set()
