/*
 * rl_ckpt.c: checkpoints of the policy/value network (rl_model.c, after Mirhoseini et al., Nature
 * 2021) and its Adam state (Kingma & Ba 2015), so that a trained policy fine-tunes on a new design
 * as in the paper's pre-training / fine-tuning; XML through libxml2 (format version 1, documented
 * in docs/RL.md):
 *
 *   <place-rl-checkpoint version="1">
 *     <arch nfeat=".." d=".." gcn=".." dz=".." conv=".." hidden=".." nmaps="3" nstepf="6"/>
 *     <training episodes=".." adam-t=".." beta1=".." beta2=".." eps=".." [skip-scale=".."]/>
 *     <tensor name="params" count=".." dtype="f64le" encoding="base64">...</tensor>
 *     <tensor name="adam-m" .../>  <tensor name="adam-v" .../>
 *   </place-rl-checkpoint>
 *
 * Tensors are IEEE-754 doubles, little-endian, base64 (RFC 4648) in lines of 96 characters; the
 * parameter blocks follow the order of RL_P_* (rl_int.h).  The writer emits the same bytes for the
 * same state (no time stamps, %.17g numbers), writes a temporary file and renames it.  The reader
 * checks the root, the version, the architecture constants and every count, and reports the
 * first problem with the file name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "rl/rl_int.h"

#define CKPT_VERSION 1

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* base64 of n doubles (little-endian) with a newline + indent every 96 characters. */
static char *b64_doubles(const double *x, int64_t n) {
  size_t nb = (size_t)n * 8, nc = 4 * ((nb + 2) / 3);
  size_t cap = nc + (nc / 96 + 2) * 8 + 1;
  char *out = ut_malloc(cap);
  unsigned char *raw = ut_malloc(nb + 3);
  if (!out || !raw) {
    ut_free(out);
    ut_free(raw);
    return NULL;
  }
  for (int64_t i = 0; i < n; i++) {
    uint64_t u;
    memcpy(&u, &x[i], 8);
    for (int k = 0; k < 8; k++) raw[i * 8 + k] = (unsigned char)(u >> (8 * k));
  }
  raw[nb] = raw[nb + 1] = raw[nb + 2] = 0;
  size_t o = 0, col = 0;
  out[o++] = '\n';
  for (size_t i = 0; i < nb; i += 3) {
    if (col == 0) {
      memcpy(out + o, "    ", 4);
      o += 4;
    }
    unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
    out[o++] = B64[v >> 18 & 63];
    out[o++] = B64[v >> 12 & 63];
    out[o++] = i + 1 < nb ? B64[v >> 6 & 63] : '=';
    out[o++] = i + 2 < nb ? B64[v & 63] : '=';
    col += 4;
    if (col >= 96) {
      out[o++] = '\n';
      col = 0;
    }
  }
  if (col) out[o++] = '\n';
  memcpy(out + o, "  ", 2);
  o += 2;
  out[o] = 0;
  ut_free(raw);
  return out;
}

/* Decode base64 text (whitespace ignored) into exactly n doubles.  Returns 0 or -1. */
static int unb64_doubles(const char *s, double *x, int64_t n) {
  size_t nb = (size_t)n * 8;
  unsigned char *raw = ut_malloc(nb + 3);
  if (!raw) return -1;
  size_t o = 0;
  unsigned v = 0;
  int k = 0, pad = 0;
  for (const char *p = s; *p; p++) {
    int c = (unsigned char)*p, d;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      pad++;
      d = 0;
    } else {
      const char *q = strchr(B64, c);
      if (!q || pad) {
        ut_free(raw);
        return -1;
      }
      d = (int)(q - B64);
    }
    v = v << 6 | (unsigned)d;
    if (++k == 4) {
      unsigned char b[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
      for (int t = 0; t < 3 - pad; t++) {
        if (o >= nb) {
          ut_free(raw);
          return -1;
        }
        raw[o++] = b[t];
      }
      v = 0;
      k = 0;
    }
  }
  if (k != 0 || o != nb) {
    ut_free(raw);
    return -1;
  }
  for (int64_t i = 0; i < n; i++) {
    uint64_t u = 0;
    for (int t = 0; t < 8; t++) u |= (uint64_t)raw[i * 8 + t] << (8 * t);
    memcpy(&x[i], &u, 8);
  }
  ut_free(raw);
  return 0;
}

static xmlNodePtr add_tensor(xmlNodePtr root, const char *name, const double *x, int64_t n) {
  char *txt = b64_doubles(x, n);
  if (!txt) return NULL;
  xmlNodePtr t = xmlNewChild(root, NULL, BAD_CAST "tensor", BAD_CAST txt);
  ut_free(txt);
  if (!t) return NULL;
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", (long long)n);
  xmlNewProp(t, BAD_CAST "name", BAD_CAST name);
  xmlNewProp(t, BAD_CAST "count", BAD_CAST buf);
  xmlNewProp(t, BAD_CAST "dtype", BAD_CAST "f64le");
  xmlNewProp(t, BAD_CAST "encoding", BAD_CAST "base64");
  return t;
}

static void prop_int(xmlNodePtr n, const char *k, long long v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", v);
  xmlNewProp(n, BAD_CAST k, BAD_CAST buf);
}

static void prop_dbl(xmlNodePtr n, const char *k, double v) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", v);
  xmlNewProp(n, BAD_CAST k, BAD_CAST buf);
}

int rl_ckpt_save(const char *path, const rl_model_t *m, const rl_adam_t *adam, long episodes,
                 ut_diag_t *diag) {
  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  if (!doc) return UT_ENOMEM;
  xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "place-rl-checkpoint");
  xmlDocSetRootElement(doc, root);
  prop_int(root, "version", CKPT_VERSION);
  xmlNodePtr a = xmlNewChild(root, NULL, BAD_CAST "arch", NULL);
  prop_int(a, "nfeat", m->a.nfeat);
  prop_int(a, "d", m->a.d);
  prop_int(a, "gcn", m->a.gcn);
  prop_int(a, "dz", m->a.dz);
  prop_int(a, "conv", m->a.conv);
  prop_int(a, "hidden", m->a.hidden);
  prop_int(a, "nmaps", RL_NMAPS);
  prop_int(a, "nstepf", RL_NSTEPF);
  xmlNodePtr t = xmlNewChild(root, NULL, BAD_CAST "training", NULL);
  prop_int(t, "episodes", episodes);
  prop_int(t, "adam-t", adam ? adam->t : 0);
  prop_dbl(t, "beta1", adam ? adam->beta1 : 0.9);
  prop_dbl(t, "beta2", adam ? adam->beta2 : 0.999);
  prop_dbl(t, "eps", adam ? adam->eps : 1e-8);
  if (adam && adam->skip_scale > 0) prop_dbl(t, "skip-scale", adam->skip_scale);
  int rc = 0;
  if (!add_tensor(root, "params", m->p, m->nparams)) rc = UT_ENOMEM;
  if (!rc && adam && adam->n == m->nparams) {
    if (!add_tensor(root, "adam-m", adam->m, adam->n) || !add_tensor(root, "adam-v", adam->v, adam->n))
      rc = UT_ENOMEM;
  }
  if (!rc) {
    size_t n = strlen(path) + 32;
    char *tmp = ut_malloc(n);
    if (!tmp) rc = UT_ENOMEM;
    else {
      snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
      if (xmlSaveFormatFileEnc(tmp, doc, "UTF-8", 1) < 0 || rename(tmp, path) != 0) {
        remove(tmp);
        ut_diag_error(diag, path, 0, 0, "cannot write the checkpoint");
        rc = UT_EIO;
      }
      ut_free(tmp);
    }
  }
  xmlFreeDoc(doc);
  return rc;
}

static int get_long(xmlNodePtr n, const char *k, long long *v) {
  xmlChar *s = xmlGetProp(n, BAD_CAST k);
  if (!s) return -1;
  char *end;
  long long x = strtoll((const char *)s, &end, 10);
  int ok = end != (const char *)s && *end == 0;
  xmlFree(s);
  if (!ok) return -1;
  *v = x;
  return 0;
}

static int get_dbl(xmlNodePtr n, const char *k, double *v) {
  xmlChar *s = xmlGetProp(n, BAD_CAST k);
  if (!s) return -1;
  char *end;
  double x = strtod((const char *)s, &end);
  int ok = end != (const char *)s && *end == 0;
  xmlFree(s);
  if (!ok) return -1;
  *v = x;
  return 0;
}

static xmlNodePtr child(xmlNodePtr root, const char *name, const char *tname) {
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST name)) continue;
    if (!tname) return c;
    xmlChar *s = xmlGetProp(c, BAD_CAST "name");
    int same = s && !xmlStrcmp(s, BAD_CAST tname);
    if (s) xmlFree(s);
    if (same) return c;
  }
  return NULL;
}

static int read_tensor(xmlNodePtr root, const char *name, double *x, int64_t n) {
  xmlNodePtr t = child(root, "tensor", name);
  if (!t) return -1;
  long long cnt;
  if (get_long(t, "count", &cnt) || cnt != n) return -1;
  xmlChar *txt = xmlNodeGetContent(t);
  if (!txt) return -1;
  int rc = unb64_doubles((const char *)txt, x, n);
  xmlFree(txt);
  return rc;
}

int rl_ckpt_load(const char *path, rl_model_t *m, rl_adam_t *adam, long *episodes,
                 ut_diag_t *diag) {
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    ut_diag_error(diag, path, 0, 0, "cannot read the checkpoint (missing or not XML)");
    return UT_EIO;
  }
  int rc = 0;
  const char *why = NULL;
  long long ver = 0, v[8];
  rl_arch_t a;
  xmlNodePtr root = xmlDocGetRootElement(doc), an = NULL, tn = NULL;
  if (!root || xmlStrcmp(root->name, BAD_CAST "place-rl-checkpoint")) why = "not a place RL checkpoint";
  else if (get_long(root, "version", &ver) || ver != CKPT_VERSION) why = "unsupported checkpoint version";
  else if (!(an = child(root, "arch", NULL)) || !(tn = child(root, "training", NULL)))
    why = "missing <arch> or <training>";
  else if (get_long(an, "nfeat", &v[0]) || get_long(an, "d", &v[1]) || get_long(an, "gcn", &v[2]) ||
           get_long(an, "dz", &v[3]) || get_long(an, "conv", &v[4]) ||
           get_long(an, "hidden", &v[5]) || get_long(an, "nmaps", &v[6]) ||
           get_long(an, "nstepf", &v[7]))
    why = "bad <arch> attributes";
  else if (v[0] != RL_NFEAT || v[6] != RL_NMAPS || v[7] != RL_NSTEPF)
    why = "checkpoint made for other node features or observations";
  if (!why) {
    a.nfeat = (int)v[0];
    a.d = (int)v[1];
    a.gcn = (int)v[2];
    a.dz = (int)v[3];
    a.conv = (int)v[4];
    a.hidden = (int)v[5];
    rl_model_free(m);
    rc = rl_model_create(m, &a, 0);
    if (rc == UT_EINVAL) why = "bad architecture sizes";
    else if (!rc && read_tensor(root, "params", m->p, m->nparams)) why = "bad <tensor name=\"params\">";
  }
  if (!why && !rc) {
    long long ep = 0, t = 0;
    double b1 = 0.9, b2 = 0.999, e = 1e-8;
    if (get_long(tn, "episodes", &ep) || get_long(tn, "adam-t", &t) || get_dbl(tn, "beta1", &b1) ||
        get_dbl(tn, "beta2", &b2) || get_dbl(tn, "eps", &e))
      why = "bad <training> attributes";
    if (!why && episodes) *episodes = (long)ep;
    if (!why && adam) {
      rl_adam_free(adam);
      rc = rl_adam_init(adam, m->nparams);
      if (!rc) {
        adam->beta1 = b1;
        adam->beta2 = b2;
        adam->eps = e;
        double sc = 0;   /* optional: absent in checkpoints of runs that never trained */
        if (!get_dbl(tn, "skip-scale", &sc) && sc > 0) adam->skip_scale = sc;
        if (child(root, "tensor", "adam-m")) {
          if (read_tensor(root, "adam-m", adam->m, adam->n) ||
              read_tensor(root, "adam-v", adam->v, adam->n))
            why = "bad Adam tensors";
          else adam->t = (long)t;
        }
      }
    }
  }
  xmlFreeDoc(doc);
  if (why) {
    ut_diag_error(diag, path, 0, 0, "%s", why);
    return UT_EPARSE;
  }
  return rc;
}
