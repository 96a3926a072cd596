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

// accept4 is a GNU extension; <sys/socket.h> is left to Glibc so the two modules agree on its types.
struct sockaddr;
extern int accept4(int fd, struct sockaddr *address, unsigned int *length, int flags);

static inline int campus_accept4(int fd, struct sockaddr *address, unsigned int *length, int flags) {
    return accept4(fd, address, length, flags);
}
#endif
