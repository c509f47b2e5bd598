# The two commands a new user needs: `make demo` and `make test`. Both install what they need first.
.PHONY: demo test bench build setup

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

build:
	bash scripts/build.sh

setup:
	bash scripts/setup.sh
