#!/bin/sh
# counts.sh DEF...: every section header count of a DEF equals the number of "- " entries in it
# (COMPONENTS, PINS, BLOCKAGES, NETS), and the DEF ends with END DESIGN.  Plain awk, no parser.
status=0
for def in "$@"; do
  awk -v f="$def" '
    /^(COMPONENTS|PINS|BLOCKAGES|NETS) [0-9]+ ;/ { sec = $1; want[sec] = $2; got[sec] = 0; next }
    sec != "" && $1 == "END" && $2 == sec { sec = ""; next }
    sec != "" && /^- / { got[sec]++ }
    /^END DESIGN/ { ended = 1 }
    END {
      bad = 0
      for (s in want) if (want[s] != got[s]) {
        printf "%s: %s header %d, entries %d\n", f, s, want[s], got[s]; bad = 1
      }
      if (!("COMPONENTS" in want) || !("NETS" in want)) {
        printf "%s: missing sections\n", f; bad = 1
      }
      if (!ended) { printf "%s: no END DESIGN\n", f; bad = 1 }
      if (!bad) printf "%s: counts ok\n", f
      exit bad
    }' "$def" || status=1
done
exit $status
