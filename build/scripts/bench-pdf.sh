#!/usr/bin/env bash
# Whole-process figures for PDF export: `readyroom export pack` on the demo
# Gold record, eleven runs; wall time and peak resident memory of the
# process, and the median time.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build/bin/readyroom
[ -x "$bin" ] || { echo "bench-pdf: $bin not found: run make build" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-pdf: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" demo --data "$dir/data" >/dev/null
id=$("$bin" list --data "$dir/data" --json | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log(r.find(x=>x.title==="Card tokenisation v3").id)')
echo "run  seconds  peak RSS (KB)"
runs=()
for i in 1 2 3 4 5 6 7 8 9 10 11; do
  /usr/bin/time -f "%e %M" -o "$dir/t" "$bin" export pack --record "$id" --out "$dir/pack.pdf" --data "$dir/data"
  read -r s kb < "$dir/t"
  echo "$i    $s     $kb"
  runs+=("$s")
done
echo "median of ${#runs[@]}: $(printf '%s\n' "${runs[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') s"
pages=$(pdfinfo "$dir/pack.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo "demo Gold pack: ${pages:-?} pages, $(stat -c %s "$dir/pack.pdf") bytes"
