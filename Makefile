# The two commands a new user needs: `make demo` and `make test`. Both install what they need first.
.PHONY: demo test bench build setup streamlit

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

# The Streamlit example embedding Pulse (run `make demo` in another terminal first).
streamlit:
	bash examples/streamlit/run.sh
