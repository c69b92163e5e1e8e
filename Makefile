# The two commands: `make run` and `make test`. Everything else is a step they take.
BUILD ?= build
HAOBAN := $(BUILD)/src/app/haoban
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
LISTEN ?= 127.0.0.1:8080
WEB_SOURCES := $(shell find web/src web/index.html web/package.json web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)

.PHONY: all deps build web run test test-sanitize bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja web/dist/index.html
	ninja -C $(BUILD)

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
	cd $(BUILD)-asan && ctest -L unit --output-on-failure --timeout 600

bench: build
	bench/load/run.sh

clean:
	rm -rf $(BUILD) web/dist
