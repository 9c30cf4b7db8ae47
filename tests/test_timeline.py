from pathlib import Path

from radio.mixing.timeline import Clip, arrange, bed_gain_expression


def clip(kind, seconds):
    return Clip(kind, kind, seconds, None if kind == "pause" else Path(f"{kind}.wav"))


def test_gaps_between_audible_clips_and_pause_replaces_gap():
    timeline = arrange([clip("jingle", 5), clip("speech", 10), clip("pause", 3), clip("speech", 4),
                        clip("jingle", 2)], gap_s=1.0)
    assert [p.start_s for p in timeline.placed] == [0, 6, 19, 24]
    assert timeline.total_s == 26
    assert [timeline.gap_after(i) for i in range(4)] == [1, 3, 1, 0]


def test_leading_pause_delays_first_clip():
    timeline = arrange([clip("pause", 2), clip("speech", 3)], gap_s=1.0)
    assert timeline.placed[0].start_s == 2 and timeline.total_s == 5


def test_speech_windows_merge_across_short_gaps():
    timeline = arrange([clip("jingle", 5), clip("speech", 10), clip("speech", 4), clip("pause", 6),
                        clip("speech", 2)], gap_s=1.0)
    assert timeline.speech_windows() == [(6, 21), (27, 29)]


def evaluate(expression, t):
    env = {"clip": lambda x, lo, hi: max(lo, min(hi, x)), "min": min, "max": max, "t": t}
    return eval(expression, {"__builtins__": {}}, env)  # ffmpeg's expression syntax is Python-compatible here


def test_bed_gain_is_down_under_speech_and_up_in_breaks_with_ramps():
    expression = bed_gain_expression([(10, 20), (40, 50)], up_db=-10, down_db=-30, ramp_s=0.5)
    up, down = 10 ** (-10 / 20), 10 ** (-30 / 20)
    assert abs(evaluate(expression, 15) - down) < 1e-6
    assert abs(evaluate(expression, 30) - up) < 1e-6
    assert down < evaluate(expression, 9.75) < up  # half-way down the ramp
    assert abs(evaluate(expression, 45) - down) < 1e-6
