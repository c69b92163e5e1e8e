#!/usr/bin/env bash
# The monthly report renders: `haoban report` writes a PDF whose first page, rasterised by
# poppler's pdftoppm, is an A4 page with ink on it, and whose text (pdftotext) has the title and
# the indicators. Usage: report.sh HAOBAN DATA_DIR OUT.pdf
set -euo pipefail
haoban="$1" data="$2" out="$3"
rm -f "$out" "${out%.pdf}"-page*
"$haoban" report --period 2026-11 --out "$out" --data "$data" >/dev/null 2>&1
text="$(pdftotext -layout "$out" -)"
grep -q "宝山区智慧好办运营分析报告" <<<"$text" || { echo "no title in the PDF's text"; exit 1; }
grep -q "一次办成率" <<<"$text" || { echo "no indicator table"; exit 1; }
grep -q "部门政务服务指数排名" <<<"$text" || { echo "no ranking"; exit 1; }
pdftoppm -r 40 -f 1 -l 1 -gray "$out" "${out%.pdf}-page"
python3 - "${out%.pdf}"-page*.pgm <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
# Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
parts = data.split(b'\n', 3)
assert parts[0] == b'P5', parts[0]
w, h = map(int, parts[1].split())
pixels = parts[3][: w * h]
assert abs(h / w - 841.89 / 595.28) < 0.01, (w, h)  # A4 portrait
dark = sum(1 for p in pixels if p < 128)
assert dark > w * h * 0.01, f'page 1 is nearly blank: {dark} dark pixels of {w * h}'
print(f'page 1: {w}x{h}, {dark} dark pixels ({dark / (w * h):.1%})')
PY
