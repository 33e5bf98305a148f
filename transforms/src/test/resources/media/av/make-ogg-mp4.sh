#!/usr/bin/env bash
# Makes the Ogg and MP4/MOV/M4A fixtures of OggProbeTest and Mp4ProbeTest (ffmpeg 5.1, synthetic sources only).
#   cd transforms/src/test/resources/media/av && bash make-ogg-mp4.sh
set -euo pipefail
cd "$(dirname "$0")"
FF=(ffmpeg -hide_banner -loglevel error -y -threads 1)
BX=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)
TONE=(-f lavfi -i "sine=frequency=440:duration=1:sample_rate=22050")
PICT=(-f lavfi -i "testsrc=size=64x48:rate=10:duration=1")

# Ogg: Vorbis, Opus (pre-skip 312), Theora + Vorbis
"${FF[@]}" "${TONE[@]}" "${BX[@]}" -c:a libvorbis -q:a 0 ogg-vorbis.ogg
"${FF[@]}" -f lavfi -i "sine=frequency=440:duration=1:sample_rate=48000" "${BX[@]}" -c:a libopus -b:a 12k ogg-opus.opus
"${FF[@]}" -f lavfi -i "testsrc=size=64x48:rate=12:duration=0.5" -f lavfi -i "sine=frequency=440:duration=0.5:sample_rate=22050" \
  "${BX[@]}" -c:v libtheora -q:v 1 -c:a libvorbis -q:a 0 ogv-theora.ogv
# a 3 s Vorbis cut 30 bytes before its end: inside the final (EOS) page, after a complete page without EOS
tmp=$(mktemp --suffix=.ogg)
trap 'rm -f "$tmp"' EXIT
"${FF[@]}" -f lavfi -i "sine=frequency=440:duration=3:sample_rate=22050" "${BX[@]}" -c:a libvorbis -q:a 0 "$tmp"
head -c $(( $(stat -c %s "$tmp") - 30 )) "$tmp" > ogg-truncated.ogg
cp ogg-vorbis.ogg ogg-header-zeroed.ogg
dd if=/dev/zero of=ogg-header-zeroed.ogg bs=64 count=1 conv=notrunc status=none
: > ogg-empty.ogg

# MP4 / MOV / M4A: H.264 + AAC
"${FF[@]}" "${PICT[@]}" "${TONE[@]}" "${BX[@]}" -c:v libx264 -preset ultrafast -crf 40 -c:a aac -b:a 24k \
  -movflags +faststart mp4-faststart.mp4
"${FF[@]}" "${PICT[@]}" "${TONE[@]}" "${BX[@]}" -c:v libx264 -preset ultrafast -crf 40 -c:a aac -b:a 24k mp4-moov-end.mp4
# ffmpeg 5.1 writes the rotate tag as a counter-clockwise matrix: rotate=270 is ffprobe's side-data rotation -90,
# i.e. displayed turned 90 degrees clockwise
"${FF[@]}" -i mp4-moov-end.mp4 "${BX[@]}" -c copy -metadata:s:v:0 rotate=270 mp4-rotated.mp4
"${FF[@]}" "${PICT[@]}" "${BX[@]}" -c:v libx264 -preset ultrafast -crf 40 mp4-no-audio.mp4
"${FF[@]}" "${PICT[@]}" -f lavfi -i "sine=frequency=440:duration=1:sample_rate=8000" "${BX[@]}" -c:v libx264 -preset ultrafast -crf 40 \
  -c:a pcm_s16le mov-basic.mov
"${FF[@]}" "${TONE[@]}" "${BX[@]}" -c:a aac -b:a 24k m4a-aac.m4a
# cut inside mdat: with moov at the end (mdat overruns, no moov) and with moov first (mdat overruns)
head -c $(( $(stat -c %s mp4-moov-end.mp4) / 2 )) mp4-moov-end.mp4 > mp4-truncated.mp4
head -c $(( $(stat -c %s mp4-faststart.mp4) * 3 / 4 )) mp4-faststart.mp4 > mp4-truncated-faststart.mp4
cp mp4-faststart.mp4 mp4-header-zeroed.mp4
dd if=/dev/zero of=mp4-header-zeroed.mp4 bs=64 count=1 conv=notrunc status=none
: > mp4-empty.mp4
