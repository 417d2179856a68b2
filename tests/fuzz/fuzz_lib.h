/*
 * fuzz_lib.h: a fixed LEF library for the DEF fuzzers: a site, two standard cells and a block macro,
 * so that fuzzed DEFs can reference real masters (INV, BUF, RAM) and pins (A, Z, D).
 */
#ifndef PLACE_FUZZ_LIB_H
#define PLACE_FUZZ_LIB_H
static const char FUZZ_LEF[] =
    "VERSION 5.8 ;\nUNITS\n DATABASE MICRONS 1000 ;\nEND UNITS\n"
    "LAYER m1\n TYPE ROUTING ;\n DIRECTION HORIZONTAL ;\n PITCH 0.2 ;\n WIDTH 0.1 ;\nEND m1\n"
    "LAYER m2\n TYPE ROUTING ;\n DIRECTION VERTICAL ;\n PITCH 0.2 ;\n WIDTH 0.1 ;\nEND m2\n"
    "SITE core\n CLASS CORE ;\n SYMMETRY Y ;\n SIZE 0.2 BY 2 ;\nEND core\n"
    "MACRO INV\n CLASS CORE ;\n SIZE 0.6 BY 2 ;\n SYMMETRY X Y ;\n SITE core ;\n"
    " PIN A\n DIRECTION INPUT ;\n PORT\n LAYER m1 ;\n RECT 0.1 0.5 0.2 0.7 ;\n END\n END A\n"
    " PIN Z\n DIRECTION OUTPUT ;\n PORT\n LAYER m1 ;\n RECT 0.4 0.5 0.5 0.7 ;\n END\n END Z\n"
    "END INV\n"
    "MACRO BUF\n CLASS CORE ;\n SIZE 0.8 BY 2 ;\n SYMMETRY X Y ;\n SITE core ;\n"
    " PIN A\n PORT\n LAYER m1 ;\n RECT 0.1 0.5 0.2 0.7 ;\n END\n END A\n"
    " PIN Z\n PORT\n LAYER m1 ;\n RECT 0.6 0.5 0.7 0.7 ;\n END\n END Z\n"
    "END BUF\n"
    "MACRO RAM\n CLASS BLOCK ;\n SIZE 10 BY 8 ;\n"
    " PIN D\n PORT\n LAYER m2 ;\n RECT 0 0 0.2 0.2 ;\n END\n END D\n"
    " OBS\n LAYER m1 ;\n RECT 0 0 10 8 ;\n END\n"
    "END RAM\nEND LIBRARY\n";
#endif
