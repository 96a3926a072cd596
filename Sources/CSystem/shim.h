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
#endif
