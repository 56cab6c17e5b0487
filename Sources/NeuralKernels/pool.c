// A small persistent worker pool: workers spin briefly after each task (GEMMs in a training step
// come back to back), then sleep on a condition variable so an idle process uses no CPU.
//
// Each worker has its own mailbox (sequence number + job pointer), so a job touches only the
// workers it needs and a slow worker can never pick up a later job's parameters. One caller uses
// the pool at a time; a concurrent caller runs its tasks itself (see nk_parallel_run).
#include "nk_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NK_MAX_THREADS 256
/// How long a worker spins for the next task before sleeping (nanoseconds).
#define NK_SPIN_NS 200000

typedef struct {
    nk_task_fn task;
    void *context;
    int count;
    _Atomic int done;  // tasks finished by workers
} nk_job;

typedef struct {
    pthread_t thread;
    int index;
    _Atomic uint64_t sequence;  // bumped by the caller for each job given to this worker
    nk_job *_Atomic job;
    _Atomic int sleeping;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
} nk_worker;

static nk_worker *g_workers[NK_MAX_THREADS];
static int g_worker_count;                     // guarded by g_pool_mutex
static _Atomic int g_started;
static pthread_mutex_t g_pool_mutex = PTHREAD_MUTEX_INITIALIZER;  // held while a job runs

static _Atomic int g_threads;  // 0 = not yet initialised
static pthread_once_t g_threads_once = PTHREAD_ONCE_INIT;

static inline void cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *worker_main(void *arg) {
    nk_worker *w = arg;
    uint64_t seen = 0;
    for (;;) {
        uint64_t seq = atomic_load_explicit(&w->sequence, memory_order_acquire);
        if (seq == seen) {
            uint64_t start = now_ns();
            unsigned spins = 0;
            while ((seq = atomic_load_explicit(&w->sequence, memory_order_acquire)) == seen) {
                cpu_relax();
                if ((++spins & 255) == 0 && now_ns() - start > NK_SPIN_NS) {
                    // Announce sleep, then re-check under the mutex (the caller reads `sleeping`
                    // after publishing; sequentially consistent atomics rule out a lost wake-up).
                    pthread_mutex_lock(&w->mutex);
                    atomic_store(&w->sleeping, 1);
                    while ((seq = atomic_load(&w->sequence)) == seen) pthread_cond_wait(&w->wake, &w->mutex);
                    atomic_store(&w->sleeping, 0);
                    pthread_mutex_unlock(&w->mutex);
                    break;
                }
            }
        }
        seen = seq;
        nk_job *job = atomic_load_explicit(&w->job, memory_order_acquire);
        job->task(job->context, w->index, job->count);
        atomic_fetch_add_explicit(&job->done, 1, memory_order_release);
    }
    return NULL;
}

/// Starts workers up to `count` (index 1..count); called with g_pool_mutex held.
static int ensure_workers(int count) {
    while (g_worker_count < count) {
        nk_worker *w = calloc(1, sizeof(nk_worker));
        if (!w) break;
        w->index = g_worker_count + 1;
        pthread_mutex_init(&w->mutex, NULL);
        pthread_cond_init(&w->wake, NULL);
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&w->thread, &attr, worker_main, w);
        pthread_attr_destroy(&attr);
        if (rc != 0) {
            free(w);
            break;
        }
        g_workers[g_worker_count++] = w;
        if (!atomic_exchange(&g_started, 1)) nk_engine_threads_changed();
    }
    return g_worker_count;
}

void nk_parallel_run(int count, nk_task_fn task, void *context) {
    if (count <= 1 || pthread_mutex_trylock(&g_pool_mutex) != 0) {
        // Single task, or another thread owns the pool: run everything here. The partition of
        // work is the caller's, so the results are the same bits either way.
        for (int i = 0; i < count; i++) task(context, i, count);
        return;
    }
    if (count > NK_MAX_THREADS) count = NK_MAX_THREADS;
    int workers = ensure_workers(count - 1);
    int given = count - 1 < workers ? count - 1 : workers;
    nk_job job = {.task = task, .context = context, .count = count};
    atomic_store(&job.done, 0);
    for (int i = 0; i < given; i++) {
        nk_worker *w = g_workers[i];
        atomic_store_explicit(&w->job, &job, memory_order_relaxed);
        atomic_fetch_add(&w->sequence, 1);  // seq_cst: pairs with the worker's `sleeping` store
        if (atomic_load(&w->sleeping)) {
            pthread_mutex_lock(&w->mutex);
            pthread_cond_signal(&w->wake);
            pthread_mutex_unlock(&w->mutex);
        }
    }
    task(context, 0, count);
    // Tasks that no worker could take (thread creation failed) run here.
    for (int i = given + 1; i < count; i++) task(context, i, count);
    while (atomic_load_explicit(&job.done, memory_order_acquire) < given) cpu_relax();
    pthread_mutex_unlock(&g_pool_mutex);
}

int nk_pool_started(void) { return atomic_load(&g_started); }

// MARK: - Thread count

static int parse_threads(const char *text, int *out) {
    if (!text || !*text) return 0;
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (*end != '\0' || v < 1 || v > NK_MAX_THREADS) return 0;
    *out = (int)v;
    return 1;
}

int nk_parse_thread_count(const char *text, int *out) { return parse_threads(text, out); }

static void init_threads(void) {
    int n = 0;
    if (!parse_threads(getenv("NEURAL_THREADS"), &n)) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        n = cpus < 1 ? 1 : (cpus > NK_MAX_THREADS ? NK_MAX_THREADS : (int)cpus);
    }
    int expected = 0;
    atomic_compare_exchange_strong(&g_threads, &expected, n);
}

int nk_threads(void) {
    pthread_once(&g_threads_once, init_threads);
    return atomic_load(&g_threads);
}

void nk_set_threads(int threads) {
    pthread_once(&g_threads_once, init_threads);
    if (threads < 1) threads = 1;
    if (threads > NK_MAX_THREADS) threads = NK_MAX_THREADS;
    atomic_store(&g_threads, threads);
    nk_engine_threads_changed();
}

// MARK: - Scratch memory

typedef struct {
    float *data[3];
    size_t capacity[3];
} nk_scratch_set;

static pthread_key_t g_scratch_key;
static pthread_once_t g_scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *p) {
    nk_scratch_set *s = p;
    free(s->data[0]);
    free(s->data[1]);
    free(s->data[2]);
    free(s);
}

static void scratch_init(void) { pthread_key_create(&g_scratch_key, scratch_free); }

float *nk_scratch(int slot, size_t floats) {
    pthread_once(&g_scratch_once, scratch_init);
    nk_scratch_set *s = pthread_getspecific(g_scratch_key);
    if (!s) {
        s = calloc(1, sizeof(nk_scratch_set));
        if (!s) {
            fprintf(stderr, "NeuralKernels: cannot allocate GEMM scratch memory\n");
            abort();
        }
        pthread_setspecific(g_scratch_key, s);
    }
    if (s->capacity[slot] < floats) {
        free(s->data[slot]);
        size_t bytes = ((floats * sizeof(float)) + 63) & ~(size_t)63;
        void *p = NULL;
        if (posix_memalign(&p, 64, bytes) != 0) p = NULL;
        if (!p) {
            fprintf(stderr, "NeuralKernels: cannot allocate %zu bytes of GEMM scratch memory\n", bytes);
            abort();
        }
        s->data[slot] = p;
        s->capacity[slot] = floats;
    }
    return s->data[slot];
}
