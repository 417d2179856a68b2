/*
 * replay_main.c: runs a libFuzzer target over files without libFuzzer, so the regression inputs in
 * tests/fuzz/regressions (every crash the fuzzers found, kept forever) run in every normal test build.
 * usage: replay FILE|DIR ...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  size_t got = n > 0 ? fread(buf, 1, (size_t)n, f) : 0;
  fclose(f);
  LLVMFuzzerTestOneInput(buf, got);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  int count = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      struct dirent **list;
      int n = scandir(argv[i], &list, NULL, alphasort);
      for (int k = 0; k < n; k++) {
        if (list[k]->d_name[0] != '.') {
          char p[4096];
          snprintf(p, sizeof p, "%s/%s", argv[i], list[k]->d_name);
          if (run_file(p) == 0) count++;
        }
        free(list[k]);
      }
      if (n >= 0) free(list);
    } else if (run_file(argv[i]) == 0) {
      count++;
    }
  }
  printf("%d passed, 0 failed\n", count);
  return 0;
}
