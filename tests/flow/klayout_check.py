# klayout_check.py: KLayout's own LEF/DEF reader lists the placed components of a DEF, one line
# "name x y orient" (x y: lower-left corner of the placed macro outline, in DEF database units;
# orient: the DEF orientation), sorted by name, into the file `out`.
# Run in KLayout's batch mode:
#   klayout -b -r klayout_check.py -rd def_path=IN.def -rd lefs=A.lef,B.lef -rd units=2000 -rd out=LIST
# The first line of the list is "count N".
import pya

# KLayout transformation codes (Trans.rot: R0 R90 R180 R270 M0 M45 M90 M135, a mirror being at the
# x axis before the rotation) -> DEF orientation
ORIENT = {0: "N", 1: "W", 2: "S", 3: "E", 4: "FS", 5: "FW", 6: "FN", 7: "FE"}

units = int(units)  # noqa: F821 (set by -rd)
opt = pya.LoadLayoutOptions()
cfg = opt.lefdef_config
cfg.lef_files = lefs.split(",")  # noqa: F821
cfg.read_lef_with_def = False
cfg.dbu = 1.0 / units
cfg.macro_resolution_mode = 1  # LEF geometry always (the default makes empty ghost cells for FOREIGN)
cfg.produce_cell_outlines = True
cfg.cell_outline_layer = "OUTLINE"
cfg.instance_property_name = "inst_name"
cfg.produce_routing = False
cfg.produce_special_routing = False
opt.lefdef_config = cfg

ly = pya.Layout()
ly.read(def_path, opt)  # noqa: F821
top = ly.top_cell()
outline = None
for li in ly.layer_indexes():
    if ly.get_info(li).name == "OUTLINE":
        outline = li
scale = ly.dbu * units  # KLayout database units -> DEF database units (1 when cfg.dbu is honoured)

rows = []
for inst in top.each_inst():
    name = inst.property("inst_name")
    if name is None:
        continue
    cell = inst.cell
    box = cell.bbox_per_layer(outline) if outline is not None else pya.Box()
    if box.empty():
        raise RuntimeError("macro %s has no outline (SIZE) in KLayout's LEF reading" % cell.name)
    placed = box.transformed(inst.trans)
    t = inst.trans
    code = t.rot() if callable(t.rot) else t.rot  # the full code 0..7, mirror included
    x = int(round(placed.left * scale))
    y = int(round(placed.bottom * scale))
    rows.append("%s %d %d %s" % (name, x, y, ORIENT[code]))

rows.sort()
with open(out, "w") as f:  # noqa: F821
    f.write("count %d\n" % len(rows))
    for r in rows:
        f.write(r + "\n")
