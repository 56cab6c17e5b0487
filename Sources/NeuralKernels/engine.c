// GEMM engines: the built-in kernels (default), Apple's Accelerate on macOS, and an OpenBLAS or
// FlexiBLAS found at run time with dlopen on other systems. Nothing is linked, so building never
// needs a system BLAS; a library is accepted only if it exports cblas_sgemm and identifies itself
// as OpenBLAS or FlexiBLAS (a reference BLAS or a generic BLIS would be slower than the built-in
// kernels, so silently using one would be a regression).
#include "nk_internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(_WIN32)
#include <dlfcn.h>
#endif

enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };

typedef void (*cblas_sgemm32_fn)(int, int, int, int, int, int, float, const float *, int,
                                 const float *, int, float, float *, int);
typedef void (*cblas_sgemm64_fn)(int, int, int, int64_t, int64_t, int64_t, float, const float *,
                                 int64_t, const float *, int64_t, float, float *, int64_t);

struct nk_blas_library {
    void *handle;
    cblas_sgemm32_fn sgemm32;  // one of the two is set
    cblas_sgemm64_fn sgemm64;
    void (*set_threads)(int);
    char description[512];
};

static void set_error(char *error, size_t size, const char *format, ...) {
    if (!error || size == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

// MARK: - Loading a BLAS

#if defined(__linux__) || defined(__unix__) || defined(__APPLE__)
static nk_blas_library *open_path(const char *path, char *error, size_t error_size) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        set_error(error, error_size, "cannot load '%s': %s", path, why ? why : "unknown error");
        return NULL;
    }
    void *sgemm = dlsym(handle, "cblas_sgemm");
    if (!sgemm) {
        set_error(error, error_size, "'%s' does not export cblas_sgemm", path);
        dlclose(handle);
        return NULL;
    }
    char *(*openblas_config)(void) = (char *(*)(void))dlsym(handle, "openblas_get_config");
    void *flexiblas_version = dlsym(handle, "flexiblas_get_version");
    if (!openblas_config && !flexiblas_version) {
        set_error(error, error_size,
                  "'%s' exports cblas_sgemm but is neither OpenBLAS (no openblas_get_config) nor "
                  "FlexiBLAS (no flexiblas_get_version); only those are faster than the built-in "
                  "kernels",
                  path);
        dlclose(handle);
        return NULL;
    }
    nk_blas_library *lib = calloc(1, sizeof(nk_blas_library));
    if (!lib) {
        set_error(error, error_size, "out of memory");
        dlclose(handle);
        return NULL;
    }
    lib->handle = handle;
    const char *config = openblas_config ? openblas_config() : NULL;
    // An OpenBLAS built with 64-bit integers (INTERFACE64) takes int64 sizes.
    if (config && strstr(config, "USE64BITINT")) lib->sgemm64 = (cblas_sgemm64_fn)sgemm;
    else lib->sgemm32 = (cblas_sgemm32_fn)sgemm;
    lib->set_threads = (void (*)(int))dlsym(handle, "openblas_set_num_threads");
    if (!lib->set_threads) lib->set_threads = (void (*)(int))dlsym(handle, "flexiblas_set_num_threads");

    Dl_info info;
    const char *file = (dladdr(sgemm, &info) && info.dli_fname) ? info.dli_fname : path;
    if (config) {
        snprintf(lib->description, sizeof lib->description, "openblas (%s: %s)", file, config);
    } else {
        snprintf(lib->description, sizeof lib->description, "flexiblas (%s)", file);
    }
    // Trim trailing spaces that OpenBLAS puts in its configuration string.
    size_t len = strlen(lib->description);
    while (len > 1 && lib->description[len - 2] == ' ') {
        lib->description[len - 2] = ')';
        lib->description[--len] = '\0';
    }
    return lib;
}
#endif

nk_blas_library *nk_blas_open(const char *spec, char *error, size_t error_size) {
#if defined(__linux__) || defined(__unix__) || defined(__APPLE__)
    if (!spec || !*spec) {
        set_error(error, error_size, "empty BLAS specification");
        return NULL;
    }
    if (strcmp(spec, "openblas") == 0) {
        static const char *const names[] = {"libopenblas.so.0", "libopenblasp.so.0",
                                            "libflexiblas.so.3", "libopenblas.dylib"};
        char tried[1024] = "";
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            char why[400];
            nk_blas_library *lib = open_path(names[i], why, sizeof why);
            if (lib) return lib;
            size_t used = strlen(tried);
            snprintf(tried + used, sizeof tried - used, "%s%s", used ? "; " : "", why);
        }
        set_error(error, error_size,
                  "no OpenBLAS found (tried libopenblas.so.0, libopenblasp.so.0, libflexiblas.so.3: "
                  "%s); on Debian/Ubuntu install libopenblas0-pthread",
                  tried);
        return NULL;
    }
    if (!strchr(spec, '/')) {
        set_error(error, error_size,
                  "unknown BLAS '%s': expected 'builtin', 'openblas', 'accelerate' (macOS) or a "
                  "path to a shared library (containing '/')",
                  spec);
        return NULL;
    }
    return open_path(spec, error, error_size);
#else
    (void)spec;
    set_error(error, error_size, "loading a BLAS at run time is not supported on this system");
    return NULL;
#endif
}

void nk_blas_close(nk_blas_library *library) {
    if (!library) return;
#if defined(__linux__) || defined(__unix__) || defined(__APPLE__)
    dlclose(library->handle);
#endif
    free(library);
}

const char *nk_blas_description(const nk_blas_library *library) {
    return library ? library->description : "";
}

void nk_blas_set_threads(const nk_blas_library *library, int threads) {
    if (library && library->set_threads) library->set_threads(threads < 1 ? 1 : threads);
}

int nk_blas_sgemm(const nk_blas_library *lib, int ta, int tb, int64_t m, int64_t n, int64_t k,
                  float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                  float beta, float *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return 0;
    int opa = ta ? CBLAS_TRANS : CBLAS_NO_TRANS, opb = tb ? CBLAS_TRANS : CBLAS_NO_TRANS;
    if (lib->sgemm64) {
        lib->sgemm64(CBLAS_ROW_MAJOR, opa, opb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return 0;
    }
    if (m > INT_MAX || n > INT_MAX || k > INT_MAX || lda > INT_MAX || ldb > INT_MAX || ldc > INT_MAX)
        return -1;  // too large for a 32-bit-integer BLAS
    lib->sgemm32(CBLAS_ROW_MAJOR, opa, opb, (int)m, (int)n, (int)k, alpha, a, (int)lda, b, (int)ldb,
                 beta, c, (int)ldc);
    return 0;
}

// MARK: - Accelerate

#if defined(__APPLE__)
// Declared here rather than through <Accelerate/Accelerate.h> so the build does not depend on
// which LAPACK interface the SDK selects; the enums are ints in the C ABI.
extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
                        const float *a, int lda, const float *b, int ldb, float beta, float *c,
                        int ldc);
#endif

// MARK: - The process-wide engine

static pthread_mutex_t g_engine_mutex = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int g_engine = NK_ENGINE_BUILTIN;
static nk_blas_library *_Atomic g_blas;  // kept loaded once selected (never unloaded)
static const char *_Atomic g_description = "builtin";  // points to immutable text

void nk_engine_threads_changed(void) {
    nk_blas_library *lib = atomic_load(&g_blas);
    if (!lib) return;
    // Two pools spinning on the same cores starve each other: once our pool runs, OpenBLAS
    // gets one thread; before that it gets the configured thread count.
    nk_blas_set_threads(lib, nk_pool_started() ? 1 : nk_threads());
}

nk_engine nk_current_engine(void) { return (nk_engine)atomic_load(&g_engine); }

const char *nk_engine_description(void) { return atomic_load(&g_description); }

int nk_select_engine(const char *spec, char *error, size_t error_size) {
    if (!spec) spec = "";
    if (strcmp(spec, "builtin") == 0) {
        pthread_mutex_lock(&g_engine_mutex);
        atomic_store(&g_engine, NK_ENGINE_BUILTIN);
        atomic_store(&g_description, "builtin");
        pthread_mutex_unlock(&g_engine_mutex);
        return 0;
    }
    if (strcmp(spec, "accelerate") == 0) {
#if defined(__APPLE__)
        pthread_mutex_lock(&g_engine_mutex);
        atomic_store(&g_engine, NK_ENGINE_ACCELERATE);
        atomic_store(&g_description, "accelerate (Accelerate.framework cblas_sgemm)");
        pthread_mutex_unlock(&g_engine_mutex);
        return 0;
#else
        set_error(error, error_size, "the Accelerate engine exists only on macOS");
        return 1;
#endif
    }
    nk_blas_library *lib = nk_blas_open(spec, error, error_size);
    if (!lib) return 1;
    pthread_mutex_lock(&g_engine_mutex);
    nk_blas_library *old = atomic_exchange(&g_blas, lib);
    (void)old;  // not closed: another thread may still be inside it
    atomic_store(&g_description, lib->description);
    atomic_store(&g_engine, NK_ENGINE_OPENBLAS);
    pthread_mutex_unlock(&g_engine_mutex);
    nk_engine_threads_changed();
    return 0;
}

int nk_configure_from_environment(char *error, size_t error_size) {
    const char *threads = getenv("NEURAL_THREADS");
    if (threads) {
        int n;
        if (!nk_parse_thread_count(threads, &n)) {
            set_error(error, error_size,
                      "NEURAL_THREADS='%s': not a thread count (expected an integer from 1 to 256)",
                      threads);
            return 1;
        }
        nk_set_threads(n);
    }
    const char *spec = getenv("NEURAL_BLAS");
    if (!spec) return 0;
    char why[900];
    if (nk_select_engine(spec, why, sizeof why) != 0) {
        set_error(error, error_size, "NEURAL_BLAS='%s': %s", spec, why);
        return 1;
    }
    return 0;
}

// MARK: - Entry point

void nk_sgemm(int ta, int tb, int64_t m, int64_t n, int64_t k, float alpha, const float *a,
              int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    switch ((nk_engine)atomic_load_explicit(&g_engine, memory_order_relaxed)) {
    case NK_ENGINE_OPENBLAS: {
        nk_blas_library *lib = atomic_load_explicit(&g_blas, memory_order_acquire);
        if (lib && k > 0 && nk_blas_sgemm(lib, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) == 0)
            return;
        break;  // k = 0 (some BLAS skip the β scaling) or sizes beyond 32 bits: built-in
    }
#if defined(__APPLE__)
    case NK_ENGINE_ACCELERATE:
        if (k > 0 && m <= INT_MAX && n <= INT_MAX && k <= INT_MAX && lda <= INT_MAX &&
            ldb <= INT_MAX && ldc <= INT_MAX) {
            cblas_sgemm(CBLAS_ROW_MAJOR, ta ? CBLAS_TRANS : CBLAS_NO_TRANS,
                        tb ? CBLAS_TRANS : CBLAS_NO_TRANS, (int)m, (int)n, (int)k, alpha, a,
                        (int)lda, b, (int)ldb, beta, c, (int)ldc);
            return;
        }
        break;
#endif
    default:
        break;
    }
    nk_sgemm_with(NULL, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
