#!/usr/bin/env python3
"""gen_dp.py: writes the hand-made designs of the detailed placement tests (tests/dp/*.def).

Cells get a hidden "ideal" spot; nets join cells whose ideal spots are close; the written
(global) placement is the ideal spot plus noise, so legalization and detailed placement have
work to do.  Deterministic (fixed seeds).  Run from tests/dp/: python3 gen_dp.py
"""
import random

MASTERS = [("INV", 2, ["A", "Z"]), ("NAND", 3, ["A", "B", "Z"]), ("NOSYM", 2, ["A", "Z"]),
           ("BUF4", 4, ["A", "Z"])]
SITE = 200
ROWH = 2000


def rows(nrows, nsites, x0=2000, y0=2000):
    out = []
    for i in range(nrows):
        out.append("ROW R%d core %d %d %s DO %d BY 1 STEP %d 0 ;" %
                   (i, x0, y0 + i * ROWH, "N" if i % 2 == 0 else "FS", nsites, SITE))
    return out


def design(name, comment, seed, nrows, nsites, ncells, noise, extra_comps=(), regions=(),
           groups=(), blockages=(), die=(24000, 28000), ios=8, fence_cells=None):
    rnd = random.Random(seed)
    x0, y0 = 2000, 2000
    w_um = nsites * SITE
    comps = list(extra_comps)
    cells = []
    for i in range(ncells):
        m = MASTERS[rnd.randrange(len(MASTERS))]
        if fence_cells and i in fence_cells[0]:
            fx0, fy0, fx1, fy1 = fence_cells[1]
            ix = rnd.uniform(fx0, fx1 - m[1] * SITE)
            iy = rnd.uniform(fy0, fy1 - ROWH)
        else:
            ix = rnd.uniform(x0, x0 + w_um - m[1] * SITE)
            iy = rnd.uniform(y0, y0 + nrows * ROWH - ROWH)
        px = min(max(ix + rnd.gauss(0, noise), x0), x0 + w_um - m[1] * SITE)
        py = min(max(iy + rnd.gauss(0, noise), y0), y0 + nrows * ROWH - ROWH)
        cells.append(("c%d" % i, m, ix, iy))
        comps.append("    - c%d %s + PLACED ( %d %d ) N ;" % (i, m[0], px, py))
    # nets: each cell drives 1..4 of its nearest cells (by ideal spot), random pins
    nets = []
    used = set()
    for i, (cn, m, ix, iy) in enumerate(cells):
        near = sorted(range(len(cells)), key=lambda j: (abs(cells[j][2] - ix) + abs(cells[j][3] - iy), j))
        k = rnd.randint(1, 4)
        sinks = []
        for j in near[1:]:
            if len(sinks) == k:
                break
            pins = [p for p in cells[j][1][2] if p != "Z" and (j, p) not in used]
            if pins:
                p = pins[rnd.randrange(len(pins))]
                used.add((j, p))
                sinks.append("( %s %s )" % (cells[j][0], p))
        if sinks:
            nets.append("    - n%d ( %s Z ) %s ;" % (i, cn, " ".join(sinks)))
    io_lines = []
    for k in range(ios):
        side = k % 4
        t = rnd.uniform(0.1, 0.9)
        if side == 0:
            x, y = int(t * die[0]), 0
        elif side == 1:
            x, y = die[0], int(t * die[1])
        elif side == 2:
            x, y = int(t * die[0]), die[1]
        else:
            x, y = 0, int(t * die[1])
        io_lines.append("    - io%d + NET io%d + DIRECTION INPUT + USE SIGNAL\n"
                        "      + LAYER metal1 ( -50 -50 ) ( 50 50 ) + FIXED ( %d %d ) N ;" % (k, k, x, y))
        j = rnd.randrange(len(cells))
        pins = [p for p in cells[j][1][2] if p != "Z" and (j, p) not in used]
        if pins:
            used.add((j, pins[0]))
            nets.append("    - io%d ( PIN io%d ) ( %s %s ) ;" % (k, k, cells[j][0], pins[0]))
        else:
            nets.append("    - io%d ( PIN io%d ) ( %s Z ) ;" % (k, k, cells[j][0]))
    lines = ["# %s" % l for l in comment.split("\n")]
    lines += ["VERSION 5.8 ;", 'DIVIDERCHAR "/" ;', 'BUSBITCHARS "[]" ;', "DESIGN %s ;" % name,
              "UNITS DISTANCE MICRONS 1000 ;", "DIEAREA ( 0 0 ) ( %d %d ) ;" % die]
    lines += rows(nrows, nsites)
    lines += ["COMPONENTS %d ;" % len(comps)] + comps + ["END COMPONENTS"]
    lines += ["PINS %d ;" % len(io_lines)] + io_lines + ["END PINS"]
    if blockages:
        lines += ["BLOCKAGES %d ;" % len(blockages)] + list(blockages) + ["END BLOCKAGES"]
    if regions:
        lines += ["REGIONS %d ;" % len(regions)] + list(regions) + ["END REGIONS"]
    if groups:
        lines += ["GROUPS %d ;" % len(groups)] + list(groups) + ["END GROUPS"]
    lines += ["NETS %d ;" % len(nets)] + nets + ["END NETS", "END DESIGN"]
    with open(name + ".def", "w") as f:
        f.write("\n".join(lines) + "\n")


def taps(nrows, nsites, x0=2000, y0=2000):
    out = []
    for i in range(nrows):
        o = "N" if i % 2 == 0 else "FS"
        out.append("    - tl%d TAP + FIXED ( %d %d ) %s ;" % (i, x0, y0 + i * ROWH, o))
        out.append("    - tr%d TAP + FIXED ( %d %d ) %s ;" % (i, x0 + (nsites - 1) * SITE, y0 + i * ROWH, o))
    return out


design("dp_mixed", "dp_mixed.def: 300 single-row cells of four widths (one master without SYMMETRY Y),\n"
       "fixed well taps at both row ends, 12 rows of alternating N/FS, IO pins; ~70% utilization.",
       1, 12, 100, 300, 2500.0, extra_comps=taps(12, 100))

fence_members = set(range(0, 40))
design("dp_fence", "dp_fence.def: a FENCE region with 40 members (g1), an untyped region with 10 members\n"
       "(g2), a hard placement blockage, a FIXED macro with a DEF halo, a movable macro and three\n"
       "double-row cells (obstacles for detailed placement); 12 rows, ~60% utilization.",
       2, 12, 100, 220, 2000.0,
       extra_comps=["    - fm BLK + FIXED ( 14000 4000 ) N + HALO 400 400 400 400 ;",
                    "    - mm BLK + PLACED ( 4000 18000 ) N ;",
                    "    - d0 DFF2 + PLACED ( 12000 14000 ) N ;",
                    "    - d1 DFF2 + PLACED ( 16000 20000 ) N ;",
                    "    - d2 DFF2 + PLACED ( 8000 22000 ) N ;"],
       regions=["    - r1 ( 3000 4000 ) ( 11000 10000 ) + TYPE FENCE ;",
                "    - r2 ( 14000 14000 ) ( 20000 18000 ) ;"],
       groups=["    - g1 " + " ".join("c%d" % i for i in sorted(fence_members)) + " + REGION r1 ;",
               "    - g2 " + " ".join("c%d" % i for i in range(40, 50)) + " + REGION r2 ;"],
       blockages=["    - PLACEMENT RECT ( 17000 20000 ) ( 21000 24000 ) ;"],
       fence_cells=(fence_members, (3000, 4000, 11000, 10000)))

design("dp_dense", "dp_dense.def: 8 rows of 60 sites at ~90% utilization, four widths, few gaps.",
       3, 8, 60, 155, 1500.0, die=(16000, 20000))
