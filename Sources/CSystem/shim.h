#ifndef CAMPUS_CSYSTEM_SHIM_H
#define CAMPUS_CSYSTEM_SHIM_H
// Linux interfaces that Glibc's Swift module does not export.
// No _GNU_SOURCE here: it changes how system headers define shared types (fd_set), and then this module
// cannot be imported next to another C module (COpenSSL) that includes the same headers without it.
// The GNU functions needed are declared explicitly instead.
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/tcp.h>

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

// accept4 is a GNU extension; <sys/socket.h> is left to Glibc so the two modules agree on its types.
struct sockaddr;
extern int accept4(int fd, struct sockaddr *address, unsigned int *length, int flags);

static inline int campus_accept4(int fd, struct sockaddr *address, unsigned int *length, int flags) {
    return accept4(fd, address, length, flags);
}
#endif
