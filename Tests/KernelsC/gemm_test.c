// Stand-alone test of the NeuralKernels GEMM, built with a plain C compiler (no Swift): CI
// cross-compiles it for aarch64 and runs it under qemu to test the NEON kernels, and runs it
// natively to test the x86 kernels. Every kernel the CPU can run is forced in turn and compared
// with the double-precision reference; see check() for the error bound.
//
// Build (see .ci/kernels-c-test.sh):
//   cc -O2 -ffp-contract=off -D_GNU_SOURCE -I Sources/NeuralKernels/include
//      Sources/NeuralKernels/*.c Tests/KernelsC/gemm_test.c -lpthread -ldl -lm
#include "NeuralKernels.h"
#include "nk_internal.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t g_state = 0x9E3779B97F4A7C15ull;
static float next_value(void) {
    // SplitMix64 → uniform in [-1, 1).
    uint64_t z = (g_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (float)((double)(z >> 40) / (double)(1ull << 23) - 1.0);
}

static int g_failures = 0, g_checks = 0;

typedef struct { int64_t m, k, n; } shape;

/// The worst-case rounding error of a float32 GEMM element: each product is exact before the
/// FMA/add that rounds it, and a sum of K terms (in any order) carries at most K roundings of
/// relative size u = 2⁻²⁴ on the magnitudes Σ|a·b|; α·, +β·C and the final store add 3 more.
/// So |computed − exact| ≤ (K + 3)·u·(|α|·Σ|a·b| + |β·c|). FLT_MIN covers underflow.
static double bound(int64_t k, double magnitude) {
    return (double)(k + 3) * ldexp(1.0, -24) * magnitude + FLT_MIN;
}

static void run_case(nk_kernel kernel, shape s, int ta, int tb, float alpha, float beta, int pad,
                     int nan_c) {
    const int64_t m = s.m, k = s.k, n = s.n;
    const int64_t arows = ta ? k : m, acols = ta ? m : k;
    const int64_t brows = tb ? n : k, bcols = tb ? k : n;
    const int64_t lda = acols + pad, ldb = bcols + pad, ldc = n + pad;
    float *a = malloc(sizeof(float) * (size_t)(arows * lda));
    float *b = malloc(sizeof(float) * (size_t)(brows * ldb));
    float *c0 = malloc(sizeof(float) * (size_t)(m * ldc));
    float *c1 = malloc(sizeof(float) * (size_t)(m * ldc));
    float *c2 = malloc(sizeof(float) * (size_t)(m * ldc));
    double *exact = malloc(sizeof(double) * (size_t)(m * n));
    double *mag = malloc(sizeof(double) * (size_t)(m * n));
    for (int64_t i = 0; i < arows * lda; i++) a[i] = next_value();
    for (int64_t i = 0; i < brows * ldb; i++) b[i] = next_value();
    for (int64_t i = 0; i < m * ldc; i++) c0[i] = nan_c ? NAN : next_value();
    // Padding between rows of C holds a sentinel that must survive.
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = n; j < ldc; j++) c0[i * ldc + j] = 12345.0f;
    nk_sgemm_reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc, exact, mag);

    for (int threads = 1; threads <= 2; threads++) {
        float *c = threads == 1 ? c1 : c2;
        memcpy(c, c0, sizeof(float) * (size_t)(m * ldc));
        nk_options options = {.kernel = kernel, .threads = threads};
        nk_sgemm_with(&options, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        double worst = 0;
        int bad = 0;
        for (int64_t i = 0; i < m; i++) {
            for (int64_t j = 0; j < n; j++) {
                double err = fabs((double)c[i * ldc + j] - exact[i * n + j]);
                double tol = bound(k, mag[i * n + j]);
                if (!(err <= tol)) bad++;
                if (err / tol > worst) worst = err / tol;
            }
            for (int64_t j = n; j < ldc; j++)
                if (c[i * ldc + j] != 12345.0f) bad++;
        }
        g_checks++;
        if (bad) {
            g_failures++;
            printf("FAIL %s %lldx%lldx%lld ta=%d tb=%d alpha=%g beta=%g pad=%d nanC=%d threads=%d: "
                   "%d bad elements (worst err/bound %.3g)\n",
                   nk_kernel_name(kernel), (long long)m, (long long)k, (long long)n, ta, tb,
                   alpha, beta, pad, nan_c, threads, bad, worst);
        }
    }
    // K is never split across threads, so 1 and 2 threads give the same bits.
    g_checks++;
    if (memcmp(c1, c2, sizeof(float) * (size_t)(m * ldc)) != 0 && !nan_c) {
        g_failures++;
        printf("FAIL %s %lldx%lldx%lld ta=%d tb=%d: 1 and 2 threads differ\n",
               nk_kernel_name(kernel), (long long)m, (long long)k, (long long)n, ta, tb);
    }
    free(a); free(b); free(c0); free(c1); free(c2); free(exact); free(mag);
}

// MARK: Row invariance

/// A row computed alone (m = 1, the row path) has the same bits as that row inside a larger
/// product (the main path): predicting one sample equals predicting it in a batch.
static void run_row_invariance(nk_kernel kernel) {
    static const shape shapes[] = {{7, 5, 16}, {7, 785, 70}, {13, 300, 256}, {3, 1000, 33}};
    for (size_t si = 0; si < sizeof shapes / sizeof shapes[0]; si++) {
        const int64_t m = shapes[si].m, k = shapes[si].k, n = shapes[si].n;
        for (int ta = 0; ta <= 1; ta++) {
            for (int variant = 0; variant < 2; variant++) {
                const float alpha = variant ? 2.0f : 1.0f, beta = variant ? 0.5f : 0.0f;
                const int64_t lda = ta ? m + 1 : k + 2, ldb = n + 3, ldc = n + 1;
                float *a = malloc(sizeof(float) * (size_t)((ta ? k : m) * lda));
                float *b = malloc(sizeof(float) * (size_t)(k * ldb));
                float *c0 = malloc(sizeof(float) * (size_t)(m * ldc));
                float *whole = malloc(sizeof(float) * (size_t)(m * ldc));
                float *rows = malloc(sizeof(float) * (size_t)(m * ldc));
                for (int64_t i = 0; i < (ta ? k : m) * lda; i++) a[i] = next_value();
                for (int64_t i = 0; i < k * ldb; i++) b[i] = next_value();
                for (int64_t i = 0; i < m * ldc; i++) c0[i] = next_value();
                memcpy(whole, c0, sizeof(float) * (size_t)(m * ldc));
                memcpy(rows, c0, sizeof(float) * (size_t)(m * ldc));
                nk_options options = {.kernel = kernel, .threads = 2};
                nk_sgemm_with(&options, ta, 0, m, n, k, alpha, a, lda, b, ldb, beta, whole, ldc);
                for (int64_t i = 0; i < m; i++)
                    nk_sgemm_with(&options, ta, 0, 1, n, k, alpha, ta ? a + i : a + i * lda, lda, b,
                                  ldb, beta, rows + i * ldc, ldc);
                g_checks++;
                if (memcmp(whole, rows, sizeof(float) * (size_t)(m * ldc)) != 0) {
                    g_failures++;
                    printf("FAIL %s %lldx%lldx%lld ta=%d alpha=%g beta=%g: rows computed alone "
                           "differ from the same rows of the product\n", nk_kernel_name(kernel),
                           (long long)m, (long long)k, (long long)n, ta, alpha, beta);
                }
                free(a); free(b); free(c0); free(whole); free(rows);
            }
        }
    }
}

// MARK: Parallel elementwise loops and reductions

/// The optimizer updates and the gradient norm split their range across the pool; the bits must
/// not depend on the thread count, and the norm must be within its rounding bound of the exact one.
static void run_parallel_elementwise(void) {
    static const int64_t sizes[] = {1, 17, 3 * 16384 + 5, 1000003};
    int before = g_failures;
    const int default_threads = nk_threads();
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        const int64_t n = sizes[si];
        float *g = malloc(sizeof(float) * (size_t)n);
        float *state[2][3];
        double sums[2];
        long double exact = 0;
        for (int64_t i = 0; i < n; i++) {
            g[i] = next_value();
            exact += (long double)g[i] * g[i];
        }
        float *init = malloc(sizeof(float) * (size_t)n * 3);
        for (int64_t i = 0; i < n * 3; i++) init[i] = next_value();
        for (int t = 0; t < 2; t++) {
            nk_set_threads(t + 1);
            sums[t] = nk_gradient_sum_of_squares(n, g);
            for (int a = 0; a < 3; a++) {
                state[t][a] = malloc(sizeof(float) * (size_t)n);
                memcpy(state[t][a], init + a * n, sizeof(float) * (size_t)n);
            }
            for (int64_t i = 0; i < n; i++) state[t][2][i] = fabsf(state[t][2][i]);  // v ≥ 0
            nk_adam_hyperparameters h = {.beta1 = 0.9f, .beta2 = 0.999f, .one_minus_beta1 = 0.1f,
                                         .one_minus_beta2 = 0.001f, .step_size = 1e-3f,
                                         .bias_correction2_sqrt = 0.5f, .epsilon = 1e-8f,
                                         .coupled_weight_decay = 0.0f, .decay_factor = 1.0f};
            for (int step = 0; step < 3; step++)
                nk_adam_update(n, state[t][0], g, state[t][1], state[t][2], NULL, &h);
        }
        nk_set_threads(default_threads);
        g_checks += 3;
        // n roundings of relative size 2⁻⁵³ on a sum of non-negative terms.
        const double tolerance = (double)(n + 1) * ldexp(1.0, -53) * (double)exact;
        if (!(fabs(sums[0] - (double)exact) <= tolerance)) {
            g_failures++;
            printf("FAIL sum of squares n=%lld: %.17g vs exact %.17Lg\n", (long long)n, sums[0], exact);
        }
        if (memcmp(&sums[0], &sums[1], sizeof(double)) != 0) {
            g_failures++;
            printf("FAIL sum of squares n=%lld: 1 and 2 threads differ\n", (long long)n);
        }
        int same = 1;
        for (int a = 0; a < 3; a++)
            same &= memcmp(state[0][a], state[1][a], sizeof(float) * (size_t)n) == 0;
        if (!same) {
            g_failures++;
            printf("FAIL Adam n=%lld: 1 and 2 threads differ\n", (long long)n);
        }
        for (int t = 0; t < 2; t++)
            for (int a = 0; a < 3; a++) free(state[t][a]);
        free(g);
        free(init);
    }
    // Row gathers large enough to be split (300 rows of 784 floats: 2 threads of 150 rows).
    const int64_t source_rows = 1000, width = 784, count = 300;
    float *source = malloc(sizeof(float) * (size_t)(source_rows * width));
    float *gathered = malloc(sizeof(float) * (size_t)(count * width));
    int64_t *rows = malloc(sizeof(int64_t) * (size_t)count);
    for (int64_t i = 0; i < source_rows * width; i++) source[i] = next_value();
    for (int64_t i = 0; i < count; i++) rows[i] = (i * 7919) % source_rows;
    for (int t = 1; t <= 2; t++) {
        nk_set_threads(t);
        memset(gathered, 0, sizeof(float) * (size_t)(count * width));
        nk_gather_rows(count, rows, source, width, gathered);
        int good = 1;
        for (int64_t i = 0; i < count; i++)
            good &= memcmp(gathered + i * width, source + rows[i] * width, sizeof(float) * (size_t)width) == 0;
        g_checks++;
        if (!good) {
            g_failures++;
            printf("FAIL row gather with %d thread(s)\n", t);
        }
    }
    nk_set_threads(default_threads);
    free(source); free(gathered); free(rows);
    printf("%s parallel optimizer update, gradient norm and row gather (1 vs 2 threads)\n",
           g_failures == before ? "ok  " : "FAIL");
}

// MARK: Packing

#if defined(__x86_64__)
/// The AVX2 packing routines (also used by the AVX-512 kernel, with 8-row A and 32-column B
/// panels) must produce exactly what the generic ones do, for every panel shape and transpose.
static void run_packing(void) {
    if (!nk_kernel_available(NK_KERNEL_AVX2)) {
        printf("skip AVX2 packing (this CPU has no AVX2)\n");
        return;
    }
    enum { ROWS = 70, COLS = 90, LD = 97 };
    float *src = malloc(sizeof(float) * ROWS * LD);
    for (int i = 0; i < ROWS * LD; i++) src[i] = next_value();
    const int panels[] = {4, 6, 8, 16, 32};
    int bad = 0;
    for (size_t q = 0; q < sizeof panels / sizeof panels[0]; q++) {
        const int width = panels[q];
        for (int trans = 0; trans <= 1; trans++) {
            // Blocks of op(X) starting at (3, 5): 29 × 37 and full-panel multiples.
            const int64_t sizes[][2] = {{29, 37}, {2 * width, 16}, {width, 9}};
            for (int z = 0; z < 3; z++) {
                const int64_t outer = sizes[z][0], depth = sizes[z][1];
                const size_t count = (size_t)((outer + width - 1) / width * width * depth) + NK_PACK_SLACK;
                float *expected = calloc(count, sizeof(float)), *actual = calloc(count, sizeof(float));
                // A: op(A) is outer × depth; B: op(B) is depth × outer.
                nk_pack_a(trans, src, LD, 3, outer, 5, depth, width, expected);
                nk_avx2_pack_a(trans, src, LD, 3, outer, 5, depth, width, actual);
                if (memcmp(expected, actual, sizeof(float) * (count - NK_PACK_SLACK)) != 0) {
                    bad++;
                    printf("FAIL pack_a width=%d trans=%d %lldx%lld\n", width, trans, (long long)outer, (long long)depth);
                }
                nk_pack_b(trans, src, LD, 5, depth, 3, outer, width, expected);
                nk_avx2_pack_b(trans, src, LD, 5, depth, 3, outer, width, actual);
                if (memcmp(expected, actual, sizeof(float) * (count - NK_PACK_SLACK)) != 0) {
                    bad++;
                    printf("FAIL pack_b width=%d trans=%d %lldx%lld\n", width, trans, (long long)depth, (long long)outer);
                }
                free(expected);
                free(actual);
            }
        }
    }
    free(src);
    g_checks++;
    if (bad) g_failures++;
    else printf("ok   AVX2 packing (panels of 4, 6, 8, 16, 32)\n");
}
#else
static void run_packing(void) {}
#endif

// MARK: Concurrent callers

enum { CONCURRENT_M = 96, CONCURRENT_K = 200, CONCURRENT_N = 160, CONCURRENT_CALLERS = 4 };
static float g_ca[CONCURRENT_M * CONCURRENT_K], g_cb[CONCURRENT_K * CONCURRENT_N];
static float g_expected[CONCURRENT_M * CONCURRENT_N];

static void *concurrent_caller(void *arg) {
    (void)arg;
    float *c = malloc(sizeof g_expected);
    int mismatches = 0;
    for (int round = 0; round < 20; round++) {
        nk_options options = {.kernel = NK_KERNEL_AUTO, .threads = 2};
        nk_sgemm_with(&options, 0, 0, CONCURRENT_M, CONCURRENT_N, CONCURRENT_K, 1.0f, g_ca,
                      CONCURRENT_K, g_cb, CONCURRENT_N, 0.0f, c, CONCURRENT_N);
        if (memcmp(c, g_expected, sizeof g_expected) != 0) mismatches++;
    }
    free(c);
    return (void *)(intptr_t)mismatches;
}

/// Several threads share the worker pool at once: whoever finds it busy computes alone, and every
/// caller must get exactly the single-threaded bits.
static void run_concurrent(void) {
    for (int i = 0; i < CONCURRENT_M * CONCURRENT_K; i++) g_ca[i] = next_value();
    for (int i = 0; i < CONCURRENT_K * CONCURRENT_N; i++) g_cb[i] = next_value();
    nk_options one = {.kernel = NK_KERNEL_AUTO, .threads = 1};
    nk_sgemm_with(&one, 0, 0, CONCURRENT_M, CONCURRENT_N, CONCURRENT_K, 1.0f, g_ca, CONCURRENT_K,
                  g_cb, CONCURRENT_N, 0.0f, g_expected, CONCURRENT_N);
    pthread_t threads[CONCURRENT_CALLERS];
    for (int i = 0; i < CONCURRENT_CALLERS; i++) pthread_create(&threads[i], NULL, concurrent_caller, NULL);
    intptr_t mismatches = 0;
    for (int i = 0; i < CONCURRENT_CALLERS; i++) {
        void *result;
        pthread_join(threads[i], &result);
        mismatches += (intptr_t)result;
    }
    g_checks++;
    if (mismatches) {
        g_failures++;
        printf("FAIL concurrent callers: %ld results differ from the single-threaded ones\n", (long)mismatches);
    } else {
        printf("ok   %d concurrent callers\n", CONCURRENT_CALLERS);
    }
}

/// nk_read_floats returns the sum of what it read: within the float rounding bound of that sum
/// (n roundings of relative size 2⁻²⁴ on Σ|x|, any order), at one and two threads, including
/// lengths that leave a tail past the 64-float blocks and one that the pool splits.
static void run_read_floats(void) {
    static const int64_t sizes[] = {0, 1, 63, 64, 65, 1000, 235146};
    int before = g_failures;
    const int default_threads = nk_threads();
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        const int64_t n = sizes[si];
        float *x = malloc(sizeof(float) * (size_t)(n > 0 ? n : 1));
        double exact = 0, magnitude = 0;
        for (int64_t i = 0; i < n; i++) {
            x[i] = next_value();
            exact += x[i];
            magnitude += fabs(x[i]);
        }
        for (int t = 1; t <= 2; t++) {
            nk_set_threads(t);
            const double got = nk_read_floats(n, x);
            g_checks++;
            if (fabs(got - exact) > bound(n, magnitude)) {
                g_failures++;
                printf("FAIL nk_read_floats n=%lld threads=%d: %.9g, expected %.9g\n", (long long)n, t, got, exact);
            }
        }
        free(x);
    }
    nk_set_threads(default_threads);
    printf("%s nk_read_floats\n", g_failures == before ? "ok  " : "FAIL");
}

/// nk_gradient_all_finite: 1 for finite values up to ±FLT_MAX, 0 when one NaN or ±∞ is anywhere
/// (first, last, in the tail past the vector blocks, in the second thread's part), at 1 and 2 threads.
static void run_all_finite(void) {
    static const int64_t sizes[] = {1, 17, 100003};
    int before = g_failures;
    const int default_threads = nk_threads();
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        const int64_t n = sizes[si];
        float *x = malloc(sizeof(float) * (size_t)n);
        for (int64_t i = 0; i < n; i++) x[i] = next_value();
        x[n / 2] = FLT_MAX;
        x[0] = -FLT_MAX;
        const float bad[] = {NAN, INFINITY, -INFINITY};
        const int64_t places[] = {0, n - 1, n / 2, 3 * n / 4};
        for (int t = 1; t <= 2; t++) {
            nk_set_threads(t);
            g_checks++;
            if (nk_gradient_all_finite(n, x) != 1) {
                g_failures++;
                printf("FAIL nk_gradient_all_finite n=%lld threads=%d: finite values reported as not finite\n", (long long)n, t);
            }
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
                for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
                    const int64_t i = places[p];
                    const float kept = x[i];
                    x[i] = bad[b];
                    g_checks++;
                    if (nk_gradient_all_finite(n, x) != 0) {
                        g_failures++;
                        printf("FAIL nk_gradient_all_finite n=%lld threads=%d: %g at %lld missed\n", (long long)n, t, bad[b], (long long)i);
                    }
                    x[i] = kept;
                }
        }
        free(x);
    }
    nk_set_threads(default_threads);
    printf("%s nk_gradient_all_finite\n", g_failures == before ? "ok  " : "FAIL");
}

/// Whether `name` (e.g. "avx512") names `kernel` (its name starts with it, as "avx512-8x32").
static int names_kernel(const char *name, size_t length, nk_kernel kernel) {
    return length > 0 && strncmp(nk_kernel_name(kernel), name, length) == 0;
}

int main(int argc, char **argv) {
    // --quick: the largest shape in one configuration per transpose; --require K1,K2: a kernel
    // this CPU cannot run is a failure instead of a skip (for machines known to have it).
    int quick = 0;
    const char *required = "";
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--quick") == 0) quick = 1;
        else if (strcmp(argv[a], "--require") == 0 && a + 1 < argc) required = argv[++a];
        else {
            printf("usage: gemm_test [--quick] [--require avx512,avx2,…]\n");
            return 2;
        }
    }
    static const shape shapes[] = {
        {1, 1, 1}, {2, 3, 4}, {37, 29, 53}, {130, 17, 400}, {9, 33, 785}, {128, 128, 10},
        {33, 70, 7}, {5, 300, 1}, {19, 16, 15}, {50, 20, 31}, {128, 784, 256},
        {1, 784, 256}, {1, 300, 70}, {1, 5, 17}, {1, 801, 1000},  // the row path (m = 1)
        {33, 100, 32}, {64, 785, 256}, {5, 7, 48}, {40, 450, 96},  // B read in place (m ≤ 64, n a multiple of NR)
    };
    const int count = (int)(sizeof shapes / sizeof shapes[0]);
    const nk_kernel kernels[] = {NK_KERNEL_PORTABLE, NK_KERNEL_AVX2, NK_KERNEL_AVX512, NK_KERNEL_NEON};
    printf("default kernel: %s\n", nk_kernel_name(nk_default_kernel()));
    char ran[256] = "", skipped[256] = "";
    for (size_t q = 0; q < sizeof kernels / sizeof kernels[0]; q++) {
        nk_kernel kernel = kernels[q];
        int is_required = 0;
        for (const char *p = required; *p;) {
            size_t length = strcspn(p, ",");
            is_required |= names_kernel(p, length, kernel);
            p += length + (p[length] == ',');
        }
        if (!nk_kernel_available(kernel)) {
            printf("%s %s (not available on this CPU%s)\n", is_required ? "FAIL" : "skip", nk_kernel_name(kernel),
                   is_required ? ", but --require names it" : "; its checks run on any CPU that has it");
            g_failures += is_required;
            snprintf(skipped + strlen(skipped), sizeof skipped - strlen(skipped), "%s%s", *skipped ? ", " : "",
                     nk_kernel_name(kernel));
            continue;
        }
        int before = g_failures, checks_before = g_checks;
        for (int si = 0; si < count; si++) {
            int big = shapes[si].m * shapes[si].k * shapes[si].n > 1000000;
            for (int t = 0; t < 4; t++) {
                int ta = t >> 1, tb = t & 1;
                run_case(kernel, shapes[si], ta, tb, 1.0f, 0.0f, 0, 0);
                if (quick && big) continue;
                run_case(kernel, shapes[si], ta, tb, 2.0f, 0.5f, 3, 0);
                run_case(kernel, shapes[si], ta, tb, 1.0f, 0.5f, 1, 0);
                run_case(kernel, shapes[si], ta, tb, 2.0f, 0.0f, 5, 1);  // β = 0 ignores NaN in C
            }
        }
        run_row_invariance(kernel);
        printf("%s %s (%d checks)\n", g_failures == before ? "ok  " : "FAIL", nk_kernel_name(kernel),
               g_checks - checks_before);
        snprintf(ran + strlen(ran), sizeof ran - strlen(ran), "%s%s", *ran ? ", " : "", nk_kernel_name(kernel));
    }
    printf("kernels checked: %s; skipped: %s\n", ran, *skipped ? skipped : "none");
    run_packing();
    run_concurrent();
    run_parallel_elementwise();
    run_read_floats();
    run_all_finite();
    printf("%d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
