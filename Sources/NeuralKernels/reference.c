// The naive double-precision GEMM the tests compare against (in C so that debug-built tests can
// check large shapes quickly). Products of two floats are exact in double; the sums carry a
// relative error of about k·2⁻⁵³, negligible next to float32 rounding.
#include "NeuralKernels.h"

#include <math.h>

void nk_sgemm_reference(int ta, int tb, int64_t m, int64_t n, int64_t k, float alpha,
                        const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                        const float *c, int64_t ldc, double *exact, double *magnitude) {
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            double sum = 0, abs_sum = 0;
            for (int64_t p = 0; p < k; p++) {
                double x = ta ? a[p * lda + i] : a[i * lda + p];
                double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                sum += x * y;
                abs_sum += fabs(x * y);
            }
            double value = (double)alpha * sum, scale = fabs((double)alpha) * abs_sum;
            if (beta != 0.0f) {
                double old = (double)beta * c[i * ldc + j];
                value += old;
                scale += fabs(old);
            }
            exact[i * n + j] = value;
            magnitude[i * n + j] = scale;
        }
    }
}
