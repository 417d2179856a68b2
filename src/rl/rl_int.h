/*
 * rl_int.h: what the files of src/rl share.  Four layers, each in its own file:
 *   rl_proxy.c   the proxy netlist (nodes, pins with offsets, nets with a source pin) and the
 *                Circuit-Training-style proxy cost over a grid;
 *   rl_graph.c   the coarse design: hard macros, soft macros, fixed objects and IO-port clusters
 *                as nodes; it drives rl_cluster.c (nets as weighted edges, standard cells
 *                clustered into soft macros and the spectral embedding, with igraph), rl_coarse.c
 *                (coarse nets, GCN edge list, node features) and rl_legal.c (the legality model
 *                of the macros on their row/site grid, static obstacles and masks);
 *   rl_env.c     the placement environment (one hard macro per step on the canvas grid, masks)
 *                and the force-directed placement of the soft clusters at the end of an episode;
 *   rl_nn.c / rl_model.c / rl_train.c   layers with analytic gradients, the policy/value network,
 *                PPO; rl_sa.c the annealer; rl_ckpt.c checkpoints; rl_place.c the flow.
 * Units: the legality model works in DBU (int64), everything the proxy cost sees in microns.
 */
#ifndef PLACE_RL_INT_H
#define PLACE_RL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "rl/rl.h"

/* The clock a time budget is measured on: wall seconds, or (budget_cpu) the CPU seconds of the
 * whole process, so that equal budgets buy equal work when other jobs share the machine. */
static inline double rl_budget_clock(const rl_opts_t *o) {
  return o->budget_cpu ? ut_cpu_seconds() : ut_seconds();
}

/* ------------------------------------------------------------------------------------------ */
/* Proxy netlist (rl_proxy.c)                                                                  */
/* ------------------------------------------------------------------------------------------ */

/* Node kinds.  HARD: movable hard macro; MFIXED: fixed macro; SOFT: standard-cell cluster;
 * CELL: one standard cell (flat proxy); FIXED: fixed non-macro area (fixed cells); PORT: IO pins
 * (no area).  HARD and MFIXED block routing (macro allocation); all but PORT add density. */
enum { RL_NODE_HARD = 0, RL_NODE_MFIXED, RL_NODE_SOFT, RL_NODE_CELL, RL_NODE_FIXED, RL_NODE_PORT,
       RL_NKINDS };

/* Flip bits of a node (pin offsets mirrored about the node center): 1 = about the Y axis (x -> -x,
 * DEF FN), 2 = about the X axis (y -> -y, DEF FS); 3 = both (S). */
enum { RL_FLIP_X = 1, RL_FLIP_Y = 2 };

typedef struct rl_pnl_t {
  int32_t nnodes, npins, nnets;
  double *w, *h;               /* node size, um */
  uint8_t *kind;               /* RL_NODE_* */
  int32_t *pin_node;
  double *pin_dx, *pin_dy;     /* offset from the node center, um, unflipped */
  int32_t *net_start;          /* CSR, nnets + 1; the first pin of a net is its source */
  double *net_w;               /* net weight (merged duplicates add up) */
  double net_wsum;
  int32_t max_net_pins;
  /* canvas and grid (um) */
  double x0, y0, cw, ch;       /* canvas lower-left, width, height */
  int cols, rows;
  double gw, gh;               /* grid cell width, height */
  /* routing model */
  double hroutes, vroutes;     /* tracks per um */
  double halloc, valloc;       /* tracks per um blocked by hard macros */
  int smooth;
  double wwl, wden, wcong;     /* weights */
} rl_pnl_t;

/* Scratch of one evaluation (one per thread). */
typedef struct rl_eval_t {
  int ncell;
  double *den;                 /* density per grid cell */
  double *hc, *vc;             /* final horizontal / vertical congestion per grid cell */
  double *hn, *vn;             /* net routing demand before smoothing */
  double *sel;                 /* 2 * ncell, selection scratch */
  int32_t *gc;                 /* distinct grid cells of one net (cap: the netlist's largest net
                                * when created; recreate the scratch after changing the nets) */
  int32_t gc_cap;
  int32_t *stamp;              /* per grid cell, for de-duplication */
  int32_t gen;
} rl_eval_t;

int rl_pnl_alloc(rl_pnl_t *p, int32_t nnodes, int32_t npins, int32_t nnets);
void rl_pnl_free(rl_pnl_t *p);
/* Set the canvas and grid; weights and routing from opts (routing values <= 0 / < 0 are left for
 * rl_pnl_routes_from_db to fill). */
void rl_pnl_setup(rl_pnl_t *p, double x0, double y0, double cw, double ch, int cols, int rows,
                  const rl_proxy_opts_t *o);
/* Routing tracks per um from db's routing layers (all but the lowest; H layers count 1/pitch_y,
 * V layers 1/pitch_x) and the macro allocation from the layers hard macros obstruct (OBS); only
 * the values left unset (<= 0 tracks, < 0 allocation) are filled. */
void rl_pnl_routes_from_db(rl_pnl_t *p, const db_t *db);
int rl_eval_create(rl_eval_t *e, const rl_pnl_t *p);
void rl_eval_free(rl_eval_t *e);
/* Evaluate the proxy cost with node centers (cx, cy) and flips (may be NULL).  Leaves the grid
 * maps in e (den, hc, vc). */
void rl_pnl_eval(const rl_pnl_t *p, const double *cx, const double *cy, const uint8_t *flip,
                 rl_eval_t *e, rl_proxy_t *out);
/* Weighted HPWL sum (um) only. */
double rl_pnl_hpwl(const rl_pnl_t *p, const double *cx, const double *cy, const uint8_t *flip);
/* Mean of the k largest of v[0..n) (v is reordered).  k is clamped to [1, n]. */
double rl_topk_mean(double *v, int n, int k);
/* Grid cell of a point (clamped into the grid). */
void rl_pnl_cell(const rl_pnl_t *p, double x, double y, int *col, int *row);

static inline void rl_pin_pos(const rl_pnl_t *p, const double *cx, const double *cy,
                              const uint8_t *flip, int32_t k, double *x, double *y) {
  int32_t v = p->pin_node[k];
  double dx = p->pin_dx[k], dy = p->pin_dy[k];
  if (flip && flip[v]) {
    if (flip[v] & RL_FLIP_X) dx = -dx;
    if (flip[v] & RL_FLIP_Y) dy = -dy;
  }
  *x = cx[v] + dx;
  *y = cy[v] + dy;
}

/* ------------------------------------------------------------------------------------------ */
/* Coarse design (rl_graph.c, rl_cluster.c, rl_coarse.c) and legality model (rl_legal.c)        */
/* ------------------------------------------------------------------------------------------ */

#define RL_NFEAT 16           /* node features */
#define RL_NSTEPF 6           /* per-step features */
#define RL_NMAPS 5            /* observation maps: wire, occupancy, mask, boundary, hint */
#define RL_NONE INT64_MIN     /* no candidate */

/* A static obstacle for the macros, DBU.  Macro obstacles carry their halo. */
typedef struct rl_obs_t {
  int64_t x0, y0, x1, y1;
  int32_t halo[4];             /* left bottom right top (macros only) */
  int32_t region;              /* a fence rectangle: its region (members ignore it); else -1 */
  uint8_t is_macro;
} rl_obs_t;

typedef struct rl_design_t {
  const db_t *db;
  double dbu;
  rl_pnl_t pnl;                /* coarse netlist; nodes: [0, nhard) hard movable macros, largest
                                * first (the placement order), then fixed macros, soft clusters,
                                * fixed-cell groups, port groups */
  int32_t nhard, nmfix, nsoft, nfixc, nport;
  int32_t *node_cell;          /* macro nodes: component; others -1 */
  int32_t *cell_node;          /* component -> node, -1 when none */
  double *init_cx, *init_cy;   /* node centers: exact for fixed nodes and ports, the canvas
                                * center for movable ones */
  double *est_cx, *est_cy;     /* estimated centers of every node: force-directed placement of the
                                * hard macros and soft clusters together, or the hints when set
                                * (observations only) */
  double *hint_cx, *hint_cy;   /* analytic placement hints (rl_design_set_hints), NULL = none */
  /* hard macros (node i < nhard), DBU */
  int64_t *hw, *hh;            /* placed size in the base orientation */
  uint8_t *hbase;              /* base orientation (the component's, when its symmetry allows) */
  uint8_t *hflips;             /* bit f (f = 0..3 flip bits) set when that flip is allowed */
  int32_t (*hhalo)[4];
  int32_t *hregion;            /* region the macro must stay inside, -1 none */
  double hard_area_um2;        /* all hard macros */
  /* legality model */
  int64_t core_x0, core_y0, core_x1, core_y1;
  int32_t nlev;
  int64_t *lev_y, *lev_x0, *lev_pitch;   /* base-row levels and their first row's site grid */
  int32_t nobs;
  rl_obs_t *obs;               /* static obstacles */
  uint8_t *smask;              /* nhard x ncell: 1 = legal against the static obstacles */
  double *socc;                /* ncell: fraction of each grid cell covered by static obstacles */
  /* node -> nets (for the wire map): entries node_net_start[v] .. , offset of v's pins (mean) */
  int32_t *node_net_start, *node_nets;
  double *node_net_dx, *node_net_dy;
  /* GCN graph: directed edges (both directions), sorted by dst, weights summing to 1 per dst */
  int32_t nedges;
  int32_t *e_src, *e_dst;
  double *e_w;
  double *feat;                /* nnodes x RL_NFEAT */
  int fd_iters;
  uint64_t seed;
} rl_design_t;

/* Build the coarse design of db (movable macros = db_cell_is_macro and not fixed). */
int rl_design_build(rl_design_t **out, const db_t *db, const rl_opts_t *o, ut_diag_t *diag);
void rl_design_destroy(rl_design_t *d);

/* The pieces rl_design_build is made of.  Those returning int return 0 or a negative error code
 * (UT_ENOMEM unless said otherwise); what they allocate in d is freed by rl_design_destroy. */

/* An undirected edge (u < v) of the netlist graph, or a (dst, src) pair of the GCN edge list. */
typedef struct rl_edge_t {
  int32_t u, v;
  double w;
} rl_edge_t;
/* Order by (u, v) (qsort). */
int rl_edge_cmp(const void *pa, const void *pb);
/* Sort and merge duplicate (u, v) pairs, adding weights.  Returns the new count. */
size_t rl_edges_merge(rl_edge_t *e, size_t n);
/* Append the expansion of one net of weight w over k distinct vertices vs (vs[0] the source) to
 * the growable array *e (*n used, *cap allocated): a clique of weight w / (k - 1) per pair up to
 * clique_max vertices, else a star from the source of weight w k / (2 (k - 1)) per spoke. */
int rl_expand_net(rl_edge_t **e, size_t *n, size_t *cap, const int32_t *vs, int k, double w,
                  int clique_max);
int rl_net_is_signal(const db_t *db, int32_t n);    /* not a power or ground net */

/* Clustering of the movable standard cells into soft macros (rl_cluster.c).  The caller fills nv,
 * vcell and varea; rl_cluster_cells fills the rest. */
typedef struct rl_clus_t {
  int32_t nv;                  /* movable standard cells */
  int32_t *vcell;              /* vertex -> component */
  double *varea;               /* um^2 */
  rl_edge_t *e;                /* merged undirected edges */
  size_t ne;
  int32_t *adj_start, *adj;    /* CSR over both directions */
  double *adj_w;
  int32_t *memb;               /* vertex -> cluster */
  int32_t ncl;
} rl_clus_t;
/* Louvain communities of the cells (igraph, seeded with seed), size balanced towards `clusters`
 * clusters (<= 0: one per 60 cells, 4..300).  cell_vtx: component -> vertex or -1. */
int rl_cluster_cells(rl_clus_t *cl, const db_t *db, const int32_t *cell_vtx, int clusters,
                     uint64_t seed);
void rl_clus_free(rl_clus_t *cl);
/* Adjacency spectral embedding of the coarse graph (edges e) into feature columns
 * [col, col + 4) of d->feat (rl_cluster.c); on failure a warning and the columns stay 0. */
void rl_spectral(rl_design_t *d, const rl_edge_t *e, size_t ne, int col);
/* Coarse nets (rl_coarse.c) over d's nodes (kinds, sizes, cell_node, hard-macro base
 * orientations and fixed-node centers set), written to d->pnl; io_node: IO pin -> port node or
 * -1. */
int rl_coarse_nets(rl_design_t *d, const db_t *db, const int32_t *io_node);
/* After rl_pnl_setup: node -> nets, the GCN edge list, the estimated positions (force-directed)
 * and the node features (rl_coarse.c). */
int rl_coarse_graph(rl_design_t *d);
/* Row levels and their site grids from db's rows (rl_legal.c; lg_grid_create's error too). */
int rl_legal_levels(rl_design_t *d, const db_t *db);
/* Static obstacles (fixed cells and macros with halos, hard placement blockages, fence
 * rectangles), the hard macros' static masks and the static occupancy map (rl_legal.c). */
int rl_legal_static(rl_design_t *d, const db_t *db);

/* ---- legality model (rl_legal.c) ---- */
/* Candidate lower-left positions of hard macro i for every grid cell: ys[row] (RL_NONE when no
 * level fits) and xs[row * cols + col] (RL_NONE when no x fits). */
void rl_design_cands(const rl_design_t *d, int32_t i, int64_t *ys, int64_t *xs);
/* Does hard macro i at (xi, yi) keep clear of hard macro j at (xj, yj) (bodies and halos)? */
int rl_design_pair_ok(const rl_design_t *d, int32_t i, int64_t xi, int64_t yi, int32_t j,
                      int64_t xj, int64_t yj);
/* Clear mask cells whose candidate of macro i falls in the open box forbidden by an obstacle
 * (x0, y0, x1, y1 already grown by the gaps and the macro size).  diff: rows x (cols + 1). */
void rl_mask_forbid(const rl_design_t *d, const int64_t *ys, const int64_t *xs, int64_t fx0,
                    int64_t fy0, int64_t fx1, int64_t fy1, int32_t *diff);
/* Brute-force legality of a full or partial macro placement (placed[i] != 0): number of macros
 * violating the model (tests and assertions). */
int rl_design_check(const rl_design_t *d, const int64_t *mx, const int64_t *my,
                    const uint8_t *placed);

/* Placements between the design and db (rl_graph.c). */
/* Node centers (um) of all nodes with hard macros at lower-left (mx, my) DBU. */
void rl_design_centers(const rl_design_t *d, const int64_t *mx, const int64_t *my, double *cx,
                       double *cy);
/* Hard-macro positions from db's current placement (nearest legal candidate is not searched:
 * positions are taken as they are). */
void rl_design_from_db(const rl_design_t *d, const db_t *db, int64_t *mx, int64_t *my,
                       uint8_t *flip);
/* Take db's current placement (the analytic placer's) as hints: hard macro and soft cluster
 * (area-weighted centroid of its cells) centers become the estimated positions, the position
 * features and the hint map of the observation.  Returns 0 or UT_ENOMEM. */
int rl_design_set_hints(rl_design_t *d, const db_t *db);
/* Write hard macros to db at (mx, my) with flips, status given. */
void rl_design_write(const rl_design_t *d, db_t *db, const int64_t *mx, const int64_t *my,
                     const uint8_t *flip, int status);

/* Force-directed placement of the soft clusters (rl_env.c): cx, cy hold every other node's center;
 * soft cluster centers are written (hard_too: the hard macros move as well, for the estimate of
 * rl_design_build).  scratch: rl_fd_t from rl_fd_create. */
typedef struct rl_fd_t rl_fd_t;
int rl_fd_create(rl_fd_t **out, const rl_design_t *d);
void rl_fd_destroy(rl_fd_t *f);
void rl_fd_place(rl_fd_t *f, double *cx, double *cy, const uint8_t *flip, int iters,
                 int hard_too);

/* ------------------------------------------------------------------------------------------ */
/* Environment (rl_env.c)                                                                      */
/* ------------------------------------------------------------------------------------------ */

typedef struct rl_env_t {
  const rl_design_t *d;
  int32_t ncell;
  int32_t step;                /* hard macro placed next (its node index) */
  int dead;                    /* a step found no legal cell */
  int64_t *mx, *my;            /* placed lower-left, DBU */
  uint8_t *flip;               /* per node */
  double *cx, *cy;             /* node centers, um */
  uint8_t *mask;               /* legal cells of the current macro */
  int32_t nlegal;
  int64_t *ys, *xs;            /* candidates of the current macro */
  int32_t *diff;
  double *occ;                 /* static + placed macro coverage per cell */
  double *wire;                /* wirelength increase per cell */
  rl_eval_t ev;
  rl_fd_t *fd;
} rl_env_t;

int rl_env_create(rl_env_t **out, const rl_design_t *d);
void rl_env_destroy(rl_env_t *e);
void rl_env_reset(rl_env_t *e);
/* Observation of the current macro: maps (RL_NMAPS x ncell, quantized to 0..255: wire increase,
 * occupancy, mask, distance to the core boundary, distance to the macro's hint) and step
 * features.  Returns the number of legal cells (0: dead end). */
int32_t rl_env_observe(rl_env_t *e, uint8_t *maps, double *stepf);
/* Place the current macro at grid cell `cell` (must be legal) and advance. */
void rl_env_place(rl_env_t *e, int32_t cell);
/* After the last macro (or a dead end): soft clusters force-directed, proxy cost; returns the
 * reward (-cost, or -4 after a dead end). */
double rl_env_finish(rl_env_t *e, rl_proxy_t *px);

/* ------------------------------------------------------------------------------------------ */
/* Layers (rl_nn.c).  Row-major; W of a dense layer is out x in.  Parameter gradients accumulate  */
/* (+=); input gradients (dX, dH) are overwritten.                                              */
/* ------------------------------------------------------------------------------------------ */

void rl_dense_fwd(int n, int in, int out, const double *X, const double *W, const double *b,
                  double *Y);
void rl_dense_bwd(int n, int in, int out, const double *X, const double *W, const double *dY,
                  double *dW, double *db, double *dX);
void rl_relu(int n, double *x);
void rl_relu_bwd(int n, const double *y, double *dy);
/* Edge-centric GCN layer: m_e = relu(W [H_dst ; H_src] + b) (W: d x 2d), H'_v = H_v +
 * sum_{e: dst = v} w_e m_e.  Z (E x 2d) and M (E x d) keep the edge inputs and messages. */
void rl_gcn_fwd(int N, int d, int E, const int32_t *src, const int32_t *dst, const double *ew,
                const double *H, const double *W, const double *b, double *Z, double *M,
                double *Hout);
void rl_gcn_bwd(int N, int d, int E, const int32_t *src, const int32_t *dst, const double *ew,
                const double *W, const double *Z, const double *M, const double *dHout,
                double *dW, double *db, double *dH, double *scratch);
/* 3x3 convolution, zero padding, same size: X (cin x R x C) -> Y (cout x R x C); W: cout x cin*9;
 * cols: cin*9 x R*C scratch (kept for the backward pass). */
void rl_conv3_fwd(int cin, int cout, int R, int C, const double *X, const double *W,
                  const double *b, double *Y, double *cols);
void rl_conv3_bwd(int cin, int cout, int R, int C, const double *W, const double *cols,
                  const double *dY, double *dW, double *db, double *dX, double *dcols);
/* Transposed convolution, kernel 4, stride 2, padding 1: X (cin x R2 x C2) -> Y (cout x R x C),
 * R <= 2 R2, C <= 2 C2 (cropped).  W: cin x cout*16; cols: cout*16 x R2*C2 scratch. */
void rl_deconv_fwd(int cin, int cout, int R2, int C2, int R, int C, const double *X,
                   const double *W, const double *b, double *Y, double *cols);
void rl_deconv_bwd(int cin, int cout, int R2, int C2, int R, int C, const double *X,
                   const double *W, const double *dY, double *dW, double *db, double *dX,
                   double *dcols);
/* 2x2 average pooling (ceil): X (ch x R x C) -> Y (ch x ceil(R/2) x ceil(C/2)). */
void rl_pool2(int ch, int R, int C, const double *X, double *Y);
/* Masked softmax policy: p over cells with mask != 0 (others 0); returns log-sum-exp. */
double rl_softmax(int n, const double *logits, const uint8_t *mask, double *p);

/* PPO clipped objective with entropy bonus for one sample, as a loss to minimize:
 *   L = -min(r A, clip(r, 1-eps, 1+eps) A) - c_ent H(p),  r = exp(log p_a - lp_old).
 * Writes dL/dlogits (masked cells 0) and returns L; *ent, *ratio, *lp get H, r and log p_a. */
double rl_ppo_loss(int n, const double *logits, const uint8_t *mask, int a, double lp_old,
                   double adv, double eps, double c_ent, double *dlogits, double *p_scratch,
                   double *ent, double *ratio, double *lp);
/* Value loss 0.5 c_v (v - R)^2; *dv gets its derivative. */
double rl_value_loss(double v, double ret, double c_v, double *dv);

typedef struct rl_adam_t {
  int64_t n;
  double *m, *v;
  const double *lr_scale;      /* per-parameter step multiplier, NULL = 1 (not saved) */
  double skip_scale;           /* rl_train's step multiplier of the skip weights (saved; 0 = not
                                * chosen yet) */
  long t;
  double beta1, beta2, eps;
} rl_adam_t;
int rl_adam_init(rl_adam_t *a, int64_t n);
void rl_adam_free(rl_adam_t *a);
/* One step: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, p -= lr mhat / (sqrt(vhat) + eps). */
void rl_adam_step(rl_adam_t *a, double *p, const double *g, double lr);
/* Scale g so that its 2-norm is at most max_norm (> 0); returns the norm before. */
double rl_clip_grad(int64_t n, double *g, double max_norm);

/* ------------------------------------------------------------------------------------------ */
/* Policy / value network (rl_model.c)                                                          */
/* ------------------------------------------------------------------------------------------ */

typedef struct rl_arch_t {
  int nfeat, d, gcn, dz, conv, hidden;
} rl_arch_t;

enum { RL_P_ENC_W = 0, RL_P_ENC_B, RL_P_Z_W, RL_P_Z_B, RL_P_CZ_W, RL_P_CONV_W, RL_P_CONV_B,
       RL_P_DC_W, RL_P_DC_B, RL_P_SK_W, RL_P_SK_B, RL_P_V1_W, RL_P_V1_B, RL_P_V2_W, RL_P_V2_B,
       RL_P_GCN0 };   /* then W, b per GCN layer */
#define RL_P_MAX (RL_P_GCN0 + 2 * 8)

typedef struct rl_model_t {
  rl_arch_t a;
  int64_t nparams;
  int64_t off[RL_P_MAX + 1];
  double *p;
} rl_model_t;

void rl_arch_default(rl_arch_t *a);
int rl_model_create(rl_model_t *m, const rl_arch_t *a, uint64_t seed);
/* Skip weights of the placement prior on (wire, occupancy, mask, boundary, hint):
 * (-s, 0, 0, -s, 0) without hints, (-0.3 s, 0, 0, -s, -2 s) with them. */
void rl_model_set_prior(rl_model_t *m, double s, int hints);
void rl_model_free(rl_model_t *m);
int rl_model_ninput(const rl_model_t *m);      /* 2 d + RL_NSTEPF */

/* Encoder state: node embeddings of one design under the current weights. */
typedef struct rl_enc_t {
  int N, E, d, L;
  double *X0pre, *H0;          /* N x d after the input layer (pre / post relu) */
  double *H;                   /* L + 1 layers of N x d: H[0] = H0 */
  double *Z, *M;               /* per layer E x 2d and E x d */
  double *mean;                /* d */
  double *dH, *scratch;        /* backward buffers */
} rl_enc_t;
int rl_enc_create(rl_enc_t *e, const rl_model_t *m, const rl_design_t *d);
void rl_enc_free(rl_enc_t *e);
void rl_enc_forward(const rl_model_t *m, const rl_design_t *d, rl_enc_t *e);
/* dHL: gradient on the last layer's embeddings (N x d), consumed; grads accumulate in g. */
void rl_enc_backward(const rl_model_t *m, const rl_design_t *d, rl_enc_t *e, double *dHL,
                     double *g);
static inline const double *rl_enc_out(const rl_enc_t *e) {
  return e->H + (size_t)e->L * e->N * e->d;
}

/* Per-step workspace (one per thread). */
typedef struct rl_ws_t {
  int R, C, R2, C2;
  double *u, *z, *maps, *pool, *cols1, *y1, *cols2, *logits, *hv, *p;
  double *dlogits, *dy1, *dz, *du, *du2, *dcols2, *dhv, *dcz;
  double value;
} rl_ws_t;
int rl_ws_create(rl_ws_t *w, const rl_model_t *m, int R, int C);
void rl_ws_free(rl_ws_t *w);
/* Forward one step: logits in w->logits (masked cells get -inf semantics through the mask), the
 * value in w->value.  H: encoder output; mean: its node mean. */
void rl_step_forward(const rl_model_t *m, const double *H, const double *mean, int32_t cur,
                     const double *stepf, const uint8_t *maps, rl_ws_t *w);
/* Backward from dlogits (w->dlogits) and dv: parameter grads into g, node grads into dH (N x d,
 * accumulated; the mean's share too, spread 1/N over all rows). */
void rl_step_backward(const rl_model_t *m, const double *H, int N, int32_t cur,
                      const uint8_t *maps, double dv, rl_ws_t *w, double *g, double *dH);

/* ------------------------------------------------------------------------------------------ */
/* Training, annealing, checkpoints                                                            */
/* ------------------------------------------------------------------------------------------ */

/* A macro placement result. */
typedef struct rl_result_t {
  int64_t *mx, *my;            /* nhard */
  uint8_t *flip;               /* nnodes */
  rl_proxy_t px;
  double reward;
  int valid;
} rl_result_t;
int rl_result_init(rl_result_t *r, const rl_design_t *d);
void rl_result_free(rl_result_t *r);

typedef struct rl_train_info_t {
  int episodes, updates, dead_ends;
  int greedy;                  /* greedy (arg max) evaluation episodes, one per update + 1 */
  double best_reward;
} rl_train_info_t;

/* PPO training on d (rl_train.c): best placement seen in *best.  m is updated in place. */
int rl_train(const rl_design_t *d, const rl_opts_t *o, rl_model_t *m, rl_adam_t *adam,
             rl_result_t *best, rl_train_info_t *info, ut_diag_t *diag);
/* Simulated annealing (rl_sa.c). */
int rl_sa_run(const rl_design_t *d, const rl_opts_t *o, rl_result_t *best, long *moves,
              double *accept, ut_diag_t *diag);
/* Greedy legal start used by SA (and as a fallback): largest first, each macro at the legal cell
 * with the smallest wirelength increase, or (by_hint, when d has hints) the one nearest its hint
 * (ties: nearest the canvas center).  Returns 0 or -1 on a dead end. */
int rl_greedy_place(const rl_design_t *d, rl_env_t *env, int by_hint, rl_result_t *r);

/* Checkpoints (rl_ckpt.c): XML, format documented in docs/RL.md. */
int rl_ckpt_save(const char *path, const rl_model_t *m, const rl_adam_t *adam, long episodes,
                 ut_diag_t *diag);
int rl_ckpt_load(const char *path, rl_model_t *m, rl_adam_t *adam, long *episodes,
                 ut_diag_t *diag);

#endif
