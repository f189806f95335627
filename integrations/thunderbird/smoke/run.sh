#!/bin/bash
# Smoke test in a real Thunderbird, on loopback only: sideloads the add-on and a driver add-on into a fresh
# profile, runs Thunderbird under Xvfb, and checks the send paths (clean, review + cancel, send anyway, the
# same draft sent twice, server down / 500 / hanging). Needs thunderbird, Xvfb, xdotool, zip and node;
# ImageMagick's `import` (optional) saves screenshots. Usage: sh smoke/run.sh [WORKDIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$(mktemp -d /tmp/requestlint-smoke.XXXXXX)}
mkdir -p "$work/profile/extensions"
cp "$here/user.js" "$work/profile/user.js"
sh "$here/../build-xpi.sh" "$work/profile/extensions/thunderbird@requestlint.invalid.xpi" > /dev/null
(cd "$here/driver" && zip -q -r "$work/profile/extensions/smoke-driver@requestlint.invalid.xpi" .)
log="$work/log.jsonl"
node "$here/fake-services.mjs" "$log" > "$work/fake.out" 2>&1 & fake=$!
display=:97
Xvfb $display -screen 0 1280x900x24 -nolisten tcp > "$work/xvfb.out" 2>&1 & xvfb=$!
sleep 2
DISPLAY=$display thunderbird --profile "$work/profile" --no-remote > "$work/thunderbird.out" 2>&1 & tb=$!
shoot() { command -v import > /dev/null && DISPLAY=$display import -window root "$work/$1.png"; }
stage=0
for _ in $(seq 1 150); do
  sleep 1
  if [ $stage = 0 ] && grep -q '"step":"review-open"' "$log"; then sleep 2; shoot review; stage=1; fi
  if [ $stage = 1 ] && grep -q '"step":"review-open-2"' "$log"; then
    sleep 2
    w=$(DISPLAY=$display xdotool search --name "review before sending" | tail -1)
    DISPLAY=$display xdotool windowfocus --sync "$w"
    sleep 0.5
    DISPLAY=$display xdotool key shift+Tab Return   # from "Fix the draft" to "Send anyway"
    stage=2
  fi
  if [ $stage = 2 ] && grep -q '"ev":"smtp-rejected"' "$log"; then
    sleep 2; shoot smtp-error
    d=$(DISPLAY=$display xdotool search --name "Send Message Error" | tail -1)
    [ -n "$d" ] && DISPLAY=$display xdotool windowfocus --sync "$d"
    DISPLAY=$display xdotool key Return
    stage=3
  fi
  if [ $stage = 3 ] && grep -q '"step":"server-down"' "$log"; then sleep 0.5; shoot notification; stage=4; fi
  grep -q '"step":"done"\|"step":"driver-error"' "$log" && break
done
kill $tb 2>/dev/null; sleep 2; kill -9 $tb 2>/dev/null
kill $xvfb $fake 2>/dev/null
echo "Thunderbird: $(thunderbird --version 2>/dev/null); work folder: $work"
node "$here/check-log.mjs" "$log"
