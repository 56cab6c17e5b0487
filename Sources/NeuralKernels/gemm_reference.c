// Temporary straightforward GEMM behind the public entry point; replaced by the packed,
// dispatched implementation.
#include "NeuralKernels.h"
#include <stdlib.h>

static int g_threads = 1;

int nk_kernel_available(nk_kernel kernel) { return kernel == NK_KERNEL_PORTABLE || kernel == NK_KERNEL_AUTO; }
nk_kernel nk_default_kernel(void) { return NK_KERNEL_PORTABLE; }
const char *nk_kernel_name(nk_kernel kernel) { (void)kernel; return "portable"; }
int nk_threads(void) { return g_threads; }
void nk_set_threads(int threads) { g_threads = threads < 1 ? 1 : threads; }
nk_engine nk_current_engine(void) { return NK_ENGINE_BUILTIN; }
const char *nk_engine_description(void) { return "builtin"; }
int nk_select_engine(const char *spec, char *error, size_t error_size) { (void)spec; (void)error; (void)error_size; return 0; }
int nk_configure_from_environment(char *error, size_t error_size) { (void)error; (void)error_size; return 0; }

void nk_sgemm_with(const nk_options *options, int ta, int tb, int64_t m, int64_t n, int64_t k,
                   float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                   float beta, float *c, int64_t ldc) {
    (void)options;
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            float s = 0;
            for (int64_t p = 0; p < k; p++) {
                float av = ta ? a[p * lda + i] : a[i * lda + p];
                float bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                s += av * bv;
            }
            c[i * ldc + j] = beta == 0 ? alpha * s : alpha * s + beta * c[i * ldc + j];
        }
    }
}

void nk_sgemm(int ta, int tb, int64_t m, int64_t n, int64_t k, float alpha, const float *a,
              int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    nk_sgemm_with(NULL, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
