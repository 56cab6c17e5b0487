// A small persistent worker pool: workers spin briefly after each task (GEMMs in a training step
// come back to back), then sleep on a condition variable so an idle process uses no CPU.
//
// Each worker has its own mailbox, so a job wakes only the workers it needs. One caller uses the
// pool at a time; a concurrent caller runs its tasks itself (see nk_parallel_run).
#include "nk_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NK_MAX_THREADS 256
/// How long a worker spins for the next task before sleeping (nanoseconds).
#define NK_SPIN_NS 200000
/// How long the caller spins for running tasks before yielding its CPU between checks.
#define NK_WAIT_SPIN_NS 20000

// The current job. Tasks are claimed through one atomic word holding the job's generation, its
// task count and the next unclaimed index, so whoever is running (the caller or a worker) takes
// the next task: a worker that has not been scheduled yet never holds up the caller, and a worker
// that wakes after its job ended sees a different generation and claims nothing. Which thread runs
// a task never changes what the task computes, so results do not depend on it.
static nk_task_fn g_job_task;
static void *g_job_context;
static _Atomic uint64_t g_claim;  // generation << 32 | count << 16 | next index
static _Atomic int g_completed;   // tasks of the current job finished
static uint32_t g_generation;     // guarded by g_pool_mutex

typedef struct {
    pthread_t thread;
    int index;
    _Atomic uint64_t sequence;  // the generation of the latest job offered to this worker
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

/// Claims the next task of job `generation`; -1 when that job has no task left (or is over).
static int claim(uint32_t generation, int *count) {
    uint64_t word = atomic_load(&g_claim);
    for (;;) {
        if ((uint32_t)(word >> 32) != generation) return -1;
        int total = (int)((word >> 16) & 0xFFFF), next = (int)(word & 0xFFFF);
        if (next >= total) return -1;
        if (atomic_compare_exchange_weak(&g_claim, &word, word + 1)) {
            *count = total;
            return next;
        }
    }
}

/// Runs tasks of job `generation` until none is left.
static void work(uint32_t generation) {
    int index, count;
    while ((index = claim(generation, &count)) >= 0) {
        // The job cannot end while one of its tasks is claimed, so task and context are its own.
        g_job_task(g_job_context, index, count);
        atomic_fetch_add_explicit(&g_completed, 1, memory_order_release);
    }
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
        work((uint32_t)seq);
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
    int helpers = count - 1 < workers ? count - 1 : workers;
    uint32_t generation = ++g_generation;
    if (generation == 0) generation = ++g_generation;  // 0 is every worker's initial "seen"
    g_job_task = task;
    g_job_context = context;
    atomic_store(&g_completed, 0);
    atomic_store(&g_claim, (uint64_t)generation << 32 | (uint64_t)count << 16);
    for (int i = 0; i < helpers; i++) {
        nk_worker *w = g_workers[i];
        atomic_store(&w->sequence, generation);  // seq_cst: pairs with the worker's `sleeping`
        if (atomic_load(&w->sleeping)) {
            pthread_mutex_lock(&w->mutex);
            pthread_cond_signal(&w->wake);
            pthread_mutex_unlock(&w->mutex);
        }
    }
    work(generation);
    // Wait for tasks still running on workers. After a short spin, yield the CPU on each check:
    // on a busy machine the worker we wait for may be waiting for this very core.
    uint64_t start = now_ns();
    unsigned spins = 0;
    while (atomic_load_explicit(&g_completed, memory_order_acquire) < count) {
        cpu_relax();
        if ((++spins & 63) == 0 && now_ns() - start > NK_WAIT_SPIN_NS) sched_yield();
    }
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
