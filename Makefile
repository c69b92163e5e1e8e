# The two commands: `make run` and `make test`. Everything else is a step they take.
BUILD ?= build
HAOBAN := $(BUILD)/src/app/haoban
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
LISTEN ?= 127.0.0.1:8080
WEB_SOURCES := $(shell find web/src web/index.html web/package.json web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)
# The address corpus (NAACL 2019) the labeller is trained on; read in place, never copied here.
CORPUS ?= ../shared/data/address-naacl2019
ADDRESS_MODEL := data/address/labeller.model
ADDRESS_MODEL_INPUTS := $(wildcard src/address/labeller.cpp src/address/text.cpp src/address/gazetteer.cpp \
                          src/address/local.cpp data/gazetteer/*.csv data/address/*.yaml)

.PHONY: all deps build web run test test-sanitize bench clean address-model

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja web/dist/index.html
	ninja -C $(BUILD)
	@$(MAKE) --no-print-directory address-model

# Trains the address labeller when the corpus is present and the model is older than what it is
# made from; without the corpus, address parsing uses the shipped rules.
address-model:
	@if [ ! -f $(CORPUS)/train.txt ]; then \
	  echo "address corpus not found at $(CORPUS): address parsing uses the shipped rules"; \
	elif [ ! -f $(ADDRESS_MODEL) ] || [ -n "$$(find $(CORPUS)/train.txt $(CORPUS)/dev.txt $(ADDRESS_MODEL_INPUTS) -newer $(ADDRESS_MODEL) | head -1)" ]; then \
	  echo "training the address labeller on $(CORPUS) → $(ADDRESS_MODEL)"; \
	  $(HAOBAN) address train --corpus $(CORPUS) --resources data --quiet; \
	fi

web/dist/index.html: $(WEB_SOURCES) web/package-lock.json
	cd web && npm run build

web: deps web/dist/index.html

# First run creates var/ with the demo district; later runs keep what is there.
run: build
	@if [ ! -f var/haoban.db ]; then $(HAOBAN) seed --profile demo --data var; \
	 else $(HAOBAN) seed --profile demo --print-accounts; fi
	$(HAOBAN) serve --data var --listen $(LISTEN)

# Unit, PostgreSQL, CLI, HTTP integration and browser tests, all through CTest; then the unit
# tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test: build
	cd $(BUILD) && ctest --output-on-failure --timeout 600 -j2
	$(MAKE) --no-print-directory test-sanitize

test-sanitize: deps
	@[ -f $(BUILD)-asan/build.ninja ] || cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHAOBAN_SANITIZE=ON
	ninja -C $(BUILD)-asan unit_tests
	cd $(BUILD)-asan && ctest -L unit --output-on-failure --timeout 600 -j2

bench: build
	bench/load/run.sh

# 帮办 load and reliability: simulated applicants and helpers over WebSockets, a SIGKILL mid-run.
.PHONY: bench-help
bench-help: build
	bench/load/help.sh

clean:
	rm -rf $(BUILD) web/dist $(ADDRESS_MODEL)
