#ifndef CAMPUS_CSYSTEM_SHIM_H
#define CAMPUS_CSYSTEM_SHIM_H
// Linux interfaces that Glibc's Swift module does not export.
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/tcp.h>

// Declared here rather than through _GNU_SOURCE, which would change other headers' definitions
// (fd_set) and clash with Glibc's module.
extern int pthread_setname_np(pthread_t thread, const char *name);

static inline int campus_set_thread_name(pthread_t thread, const char *name) {
    return pthread_setname_np(thread, name);
}

// An adaptive mutex spins briefly before sleeping: right for the short critical sections of the
// event loop and the pool, which threads contend for many times a millisecond.
static inline int campus_mutex_init_adaptive(pthread_mutex_t *mutex) {
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, 3 /* PTHREAD_MUTEX_ADAPTIVE_NP */);
    int result = pthread_mutex_init(mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    return result;
}
#endif
