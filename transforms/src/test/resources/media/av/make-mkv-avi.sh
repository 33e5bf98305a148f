#!/usr/bin/env bash
# Makes the Matroska/WebM and AVI fixtures for MatroskaProbeTest and AviProbeTest (ffmpeg 5.1, synthetic sources).
# Run from this directory: bash make-mkv-avi.sh
set -euo pipefail
cd "$(dirname "$0")"
FF=(ffmpeg -hide_banner -loglevel error -y -threads 1)
BX=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)
VIDEO=(-f lavfi -i testsrc=size=64x48:rate=10:duration=0.5)
TONE=(-f lavfi -i sine=frequency=440:sample_rate=8000:duration=0.5)

# Matroska: mpeg4 + flac, Info/Tracks at the front, Duration 0.5 s.
"${FF[@]}" "${VIDEO[@]}" "${TONE[@]}" "${BX[@]}" -c:v mpeg4 -q:v 31 -c:a flac mkv-basic.mkv
# WebM: vp9 + opus (Opus tracks declare the input rate, ffprobe reports 48 kHz).
"${FF[@]}" "${VIDEO[@]}" "${TONE[@]}" "${BX[@]}" -c:v libvpx-vp9 -b:v 20k -c:a libopus -b:a 8k webm-vp9-opus.webm
# WebM written to a pipe: unknown-size Segment and Clusters, no Duration, no Cues.
"${FF[@]}" "${VIDEO[@]}" "${TONE[@]}" "${BX[@]}" -c:v libvpx-vp9 -b:v 20k -c:a libopus -b:a 8k -f webm pipe: \
  > webm-live.webm
# Matroska audio only: vorbis.
"${FF[@]}" -f lavfi -i sine=frequency=440:sample_rate=22050:duration=0.7 "${BX[@]}" -c:a libvorbis -q:a 0 \
  mkv-audio-only.mka
# Matroska audio only, written to a pipe: PCM, no Duration (ffprobe estimates it from the bit rate).
"${FF[@]}" -f lavfi -i sine=frequency=440:sample_rate=8000:duration=0.6 "${BX[@]}" -c:a pcm_s16le -f matroska pipe: \
  > mkv-live-pcm.mka
# Truncated: the Segment declares more bytes than remain.
head -c 2000 mkv-basic.mkv > mkv-truncated.mkv
# Truncated live stream: the unknown-size Segment cannot tell, but the Tracks element is cut off.
head -c 300 webm-live.webm > webm-live-truncated.webm
# Header zeroed (first 64 bytes): no EBML magic left to sniff.
cp mkv-basic.mkv mkv-zeroed.mkv
dd if=/dev/zero of=mkv-zeroed.mkv bs=64 count=1 conv=notrunc status=none
: > mkv-empty.mkv

# AVI: mjpeg + pcm_s16le.
"${FF[@]}" -f lavfi -i testsrc=size=64x48:rate=10:duration=0.3 \
  -f lavfi -i sine=frequency=440:sample_rate=8000:duration=0.3 \
  "${BX[@]}" -c:v mjpeg -q:v 31 -c:a pcm_s16le avi-mjpeg.avi
# AVI: mpeg4 (FMP4) + mp3; the mp3 delay makes ffmpeg write 7 video frames (0.7 s).
"${FF[@]}" "${VIDEO[@]}" "${TONE[@]}" "${BX[@]}" -c:v mpeg4 -q:v 31 -c:a libmp3lame -b:a 8k avi-mpeg4.avi
# AVI: rawvideo (BI_RGB) 16x16, no audio.
"${FF[@]}" -f lavfi -i testsrc=size=16x16:rate=5:duration=0.4 "${BX[@]}" -c:v rawvideo -pix_fmt bgr24 avi-rawvideo.avi
# AVI written to a pipe, PCM only: RIFF and movi sizes 0xFFFFFFFF (ffprobe estimates the duration from the byte rate).
"${FF[@]}" -f lavfi -i sine=frequency=440:sample_rate=8000:duration=0.5 "${BX[@]}" -c:a pcm_s16le -f avi pipe: \
  > avi-pipe.avi
# Truncated: RIFF declares more bytes than remain.
head -c 6000 avi-mjpeg.avi > avi-truncated.avi
# Header zeroed (first 64 bytes): no RIFF magic left to sniff.
cp avi-mjpeg.avi avi-zeroed.avi
dd if=/dev/zero of=avi-zeroed.avi bs=64 count=1 conv=notrunc status=none
