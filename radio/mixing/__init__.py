"""mixing: speech and jingles -> a mastered program (timeline math, ffmpeg graphs, jingle synthesis)."""
