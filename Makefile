# Campus developer commands. Each target is a script under deploy/dev; see README.md.
.PHONY: up down reset seed test psql bench bench-db bench-search bench-json bench-learning

up:        ## install what is missing, build, start PostgreSQL and the services
	@bash deploy/dev/up.sh

down:      ## stop what `make up` started (data stays)
	@bash deploy/dev/down.sh

seed:      ## load the demo accounts and catalog into what `make up` runs (safe to repeat)
	@bash deploy/dev/seed.sh

reset:     ## stop everything and delete the local database
	@bash deploy/dev/reset.sh

test:      ## run every test against a throwaway PostgreSQL cluster (or TEST_DATABASE_URL)
	@bash deploy/dev/test.sh

psql:      ## psql on the local database; `make psql SQL='\dn'` runs one command
	@bash deploy/dev/psql.sh $(if $(SQL),-c "$(SQL)")

bench-db:  ## our pool against pgbench -M prepared, select by primary key, 8/32/64 clients
	@bash deploy/bench/db.sh

bench:     ## our bench server against BENCH_ANCHOR_URL (if set) with wrk, plus the pgbench ceiling
	@bash deploy/bench/bench.sh

bench-search: ## catalog search over 100,000 courses on its own cluster, wrk at 16/64 connections; EXPLAIN=1 explains
	@bash deploy/bench/search.sh $(if $(EXPLAIN),--explain)

bench-learning: ## learning's player and lesson completions, 10,000 enrollments, wrk at 16/64 beside the anchor and pgbench
	@bash deploy/bench/learning.sh

bench-json: ## a catalog list page through JSONEncoder and JSONWriter (release), pages/s and the ratio
	@swift build -c release --product campus-bench && "$$(swift build -c release --show-bin-path)/campus-bench" json
