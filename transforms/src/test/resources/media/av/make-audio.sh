#!/usr/bin/env bash
# Makes the audio fixtures of WavProbeTest, FlacProbeTest and Mp3ProbeTest from synthetic sources (ffmpeg 5.1).
# Run from this directory: bash make-audio.sh
set -euo pipefail
B=(-fflags +bitexact -flags:a +bitexact -map_metadata -1)
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
sine() { echo "sine=f=440:r=$1:d=$2"; }
noise() { echo "anoisesrc=r=$1:d=$2:a=0.3:seed=7"; }
zero64() { dd if=/dev/zero of="$1" bs=64 count=1 conv=notrunc status=none; }
# An ID3v2.4 tag of $1 bytes (header included) holding nothing but padding.
id3pad() { local n=$(($1 - 10)); printf 'ID3\x04\x00\x00'; printf "\\x$(printf %02x $((n >> 21 & 127)))\\x$(printf %02x $((n >> 14 & 127)))\\x$(printf %02x $((n >> 7 & 127)))\\x$(printf %02x $((n & 127)))"; head -c "$n" /dev/zero; }

# WAV
ff -f lavfi -i "$(sine 8000 0.5)" "${B[@]}" -c:a pcm_s16le wav-pcm16.wav
ff -f lavfi -i "$(sine 8000 0.3)" -ac 2 "${B[@]}" -c:a pcm_f32le wav-float-stereo.wav
ff -f lavfi -i "$(sine 8000 0.5)" "${B[@]}" -c:a pcm_s24le wav-extensible.wav
ff -f lavfi -i "$(sine 8000 1)" "${B[@]}" -c:a adpcm_ima_wav wav-ima-adpcm.wav
ff -f lavfi -i "$(sine 8000 0.5)" "${B[@]}" -c:a pcm_s16le -rf64 always wav-rf64.wav
ff -f lavfi -i "$(sine 8000 0.5)" "${B[@]}" -c:a pcm_u8 -f wav - | cat > wav-streamed.wav
head -c 6000 wav-pcm16.wav > wav-truncated.wav
cp wav-pcm16.wav wav-header-zeroed.wav && zero64 wav-header-zeroed.wav

# AIFF / AIFF-C
ff -f lavfi -i "$(sine 8000 0.5)" "${B[@]}" -c:a pcm_s16be aiff-pcm.aiff
ff -f lavfi -i "$(sine 11025 0.2)" -ac 2 "${B[@]}" -c:a pcm_f32be aiff-float.aifc
head -c 5000 aiff-pcm.aiff > aiff-truncated.aiff
cp aiff-pcm.aiff aiff-header-zeroed.aiff && zero64 aiff-header-zeroed.aiff

# FLAC
# Four 1152-sample frames of quiet noise: the STREAMINFO's smallest frame size then bounds the audio bytes usefully.
flacnoise=(-f lavfi -i "anoisesrc=r=8000:d=0.576:a=0.05:seed=7" "${B[@]}" -c:a flac -frame_size 1152)
ff "${flacnoise[@]}" flac-basic.flac
ff "${flacnoise[@]}" -f flac - | cat > flac-streamed.flac
{ id3pad 1024; cat flac-basic.flac; } > flac-id3.flac
head -c 3000 flac-basic.flac > flac-truncated.flac
head -c 15000 flac-basic.flac > flac-cut-audio.flac
cp flac-basic.flac flac-header-zeroed.flac && zero64 flac-header-zeroed.flac

# MP3 (MPEG audio)
ff -f lavfi -i "$(sine 44100 1)" "${B[@]}" -c:a libmp3lame -b:a 64k mp3-cbr.mp3
ff -f lavfi -i "$(sine 22050 1)" -ac 2 "${B[@]}" -c:a libmp3lame -b:a 32k -write_xing 0 -id3v2_version 0 mp3-cbr-noxing.mp3
ff -f lavfi -i "$(noise 44100 2)" "${B[@]}" -c:a libmp3lame -q:a 6 mp3-vbr.mp3
ff -f lavfi -i "$(sine 32000 1)" "${B[@]}" -c:a mp2 -b:a 64k mp3-layer2.mp2
{ id3pad 81920; tail -c +21 mp3-cbr.mp3; } > mp3-id3.mp3
head -c 9000 mp3-vbr.mp3 > mp3-truncated.mp3
head -c 120 mp3-cbr.mp3 > mp3-cut-frame.mp3
cp mp3-vbr.mp3 mp3-header-zeroed.mp3 && zero64 mp3-header-zeroed.mp3
