# CPU time of processes from /proc, for "CPU µs per request" in the benchmark scripts; sourced, not run.
#
#   before="$(cpu_ticks "$pid")"; …load…; cpu_us_per "$before" "$(cpu_ticks "$pid")" "$requests"

# User plus system time of process $1 (all its threads), in clock ticks; empty when there is no such process.
cpu_ticks() {
    # The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
    sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}

# User plus system time of process $1 and its children, in clock ticks: the children running now, and those that
# ended (which the parent counts once it reaps them). For a PostgreSQL postmaster, that is the whole cluster. A child
# ending while this reads is counted in neither place: read it while none end (see wait_for_children).
cpu_ticks_tree() {
    local total
    total="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }')" || return 0
    [ -n "$total" ] || return 0
    for stat in /proc/[0-9]*/stat; do
        sed 's/.*) //' "$stat" 2>/dev/null
    done | awk -v parent="$1" -v total="$total" '$2 == parent { total += $12 + $13 } END { print total }'
}

# Microseconds of CPU per request between two tick counts ($1, $2) over $3 requests; "–" when unknown.
cpu_us_per() {
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { if (a == "" || b == "" || n + 0 <= 0) print "–"; else printf "%d\n", (b - a) * 1e6 / hz / n }'
}

# The number of processes whose parent is $1.
child_count() {
    for stat in /proc/[0-9]*/stat; do
        sed 's/.*) //' "$stat" 2>/dev/null
    done | awk -v parent="$1" '$2 == parent { n++ } END { print n + 0 }'
}

# Waits (at most 10 s) until process $1 has at most $2 children: after a load generator's connections close, until
# their PostgreSQL backends have ended and been counted.
wait_for_children() {
    for _ in $(seq 1 100); do
        [ "$(child_count "$1")" -le "$2" ] && return 0
        sleep 0.1
    done
}
