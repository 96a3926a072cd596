#ifndef CAMPUS_CLIBPQ_SHIM_H
#define CAMPUS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
