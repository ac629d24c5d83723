# Helpers that register surrealcaf's tests with CTest.

find_program(NODE_EXECUTABLE node REQUIRED)
set(SURREALCAF_SERVER_DIR "${PROJECT_SOURCE_DIR}/tests/server")

# The engine front needs its npm packages; scripts/setup installs them. Check
# here so a missing `npm ci` is a clear configure message, not 20 red tests.
if(NOT EXISTS "${SURREALCAF_SERVER_DIR}/node_modules/@surrealdb/node")
  message(WARNING "tests/server/node_modules is missing: run scripts/setup "
                  "(or `npm ci` in tests/server) before ctest")
endif()

# surrealcaf_add_caf_tests(<binary> PREFIX <prefix> [ENGINE|HOSTILE|FAULTS|RESTART|CLUSTER]
#                          SOURCES <file>...)
# Registers one CTest test "<prefix>.<suite>", labelled <prefix> (so
# `ctest -L integration` picks them), per CAF test suite found in the
# sources (their `#define CAF_SUITE <suite>` line), so ctest lists and reports
# each suite on its own and a new suite file needs no CMake edit. -v 4 makes
# CAF print failed checks; "tests: 0" in the output fails the test, so a
# filter that matches nothing cannot pass silently. ENGINE runs the binary
# through the launcher that starts the real engine, HOSTILE through the one
# that starts tests/server/hostile/, FAULTS through the one that puts the fault
# proxy in front of the engine, RESTART likewise with an engine process that
# the proxy can kill and restart, CLUSTER through the one that starts a test
# cluster of nodes that can be stopped and started.
function(surrealcaf_add_caf_tests binary)
  cmake_parse_arguments(arg "ENGINE;HOSTILE;FAULTS;RESTART;CLUSTER" "PREFIX" "SOURCES" ${ARGN})
  foreach(src IN LISTS arg_SOURCES)
    file(STRINGS "${src}" suite_line REGEX "^#define CAF_SUITE ")
    if(NOT suite_line)
      continue()
    endif()
    string(REGEX REPLACE "^#define CAF_SUITE ([A-Za-z0-9_.]+).*" "\\1" suite "${suite_line}")
    set(name ${arg_PREFIX}.${suite})
    set(cmd "$<TARGET_FILE:${binary}>" -n -v 4 -r 120 -s "^${suite}$")
    if(arg_ENGINE)
      surrealcaf_add_engine_test(${name} COMMAND ${cmd})
    elseif(arg_HOSTILE)
      surrealcaf_add_hostile_test(${name} COMMAND ${cmd})
    elseif(arg_FAULTS)
      surrealcaf_add_fault_proxy_test(${name} COMMAND ${cmd})
    elseif(arg_RESTART)
      surrealcaf_add_fault_proxy_test(${name} RESTART COMMAND ${cmd})
    elseif(arg_CLUSTER)
      surrealcaf_add_cluster_test(${name} COMMAND ${cmd})
    else()
      add_test(NAME ${name} COMMAND ${cmd})
    endif()
    set_tests_properties(${name} PROPERTIES
      TIMEOUT 180
      LABELS ${arg_PREFIX}
      FAIL_REGULAR_EXPRESSION "tests: +0[^0-9]")
  endforeach()
endfunction()

# surrealcaf_add_engine_test(<name> COMMAND <cmd>... [TIMEOUT <seconds>] [LABELS <label>...])
# Registers a test that runs <cmd> through the launcher that starts the real
# engine on a free port, with anonymous data access refused and the root user
# root/root (as `surreal start --user root --pass root`), and passes its URL
# in SURREALCAF_URL (or passes through a SURREALCAF_URL already set).
function(surrealcaf_add_engine_test name)
  cmake_parse_arguments(arg "" "TIMEOUT" "COMMAND;LABELS" ${ARGN})
  add_test(NAME ${name}
           COMMAND "${NODE_EXECUTABLE}" "${SURREALCAF_SERVER_DIR}/with-engine.mjs" ${arg_COMMAND})
  if(arg_TIMEOUT)
    set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT})
  endif()
  if(arg_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${arg_LABELS}")
  endif()
endfunction()

# surrealcaf_add_hostile_test(<name> COMMAND <cmd>...)
# Registers a test that runs <cmd> through tests/server/hostile/with-hostile.mjs,
# which starts the misbehaving server on a free port and passes its base URL
# in SURREALCAF_HOSTILE_URL.
function(surrealcaf_add_hostile_test name)
  cmake_parse_arguments(arg "" "" "COMMAND" ${ARGN})
  add_test(NAME ${name}
           COMMAND "${NODE_EXECUTABLE}" "${SURREALCAF_SERVER_DIR}/hostile/with-hostile.mjs"
                   ${arg_COMMAND})
endfunction()

# surrealcaf_add_fault_proxy_test(<name> [RESTART] COMMAND <cmd>...)
# Registers a test that runs <cmd> through tests/server/with-fault-proxy.mjs:
# SURREALCAF_URL is the fault proxy in front of the engine (a private one, or
# a SURREALCAF_URL already set), SURREALCAF_PROXY its control API
# (tests/support/fault_proxy.hpp). RESTART (--engine) puts a private engine
# process on a file-backed datastore behind it, which the control API can
# kill and restart.
function(surrealcaf_add_fault_proxy_test name)
  cmake_parse_arguments(arg "RESTART" "" "COMMAND" ${ARGN})
  set(options "")
  if(arg_RESTART)
    set(options --engine)
  endif()
  add_test(NAME ${name}
           COMMAND "${NODE_EXECUTABLE}" "${SURREALCAF_SERVER_DIR}/with-fault-proxy.mjs" ${options}
                   ${arg_COMMAND})
endfunction()

# surrealcaf_add_cluster_test(<name> COMMAND <cmd>...)
# Registers a test that runs <cmd> through tests/server/with-cluster.mjs: a
# cluster of two nodes over one storage (ports of a private engine, or proxies
# to a SURREALCAF_URL already set), their URLs in SURREALCAF_CLUSTER_URLS,
# node 0 in SURREALCAF_URL and the control API in SURREALCAF_CLUSTER
# (tests/support/cluster.hpp).
function(surrealcaf_add_cluster_test name)
  cmake_parse_arguments(arg "" "" "COMMAND" ${ARGN})
  add_test(NAME ${name}
           COMMAND "${NODE_EXECUTABLE}" "${SURREALCAF_SERVER_DIR}/with-cluster.mjs" ${arg_COMMAND})
endfunction()

# surrealcaf_add_node_test(<name> COMMAND <cmd>...) — runs in tests/server.
function(surrealcaf_add_node_test name)
  cmake_parse_arguments(arg "" "" "COMMAND" ${ARGN})
  add_test(NAME ${name} COMMAND ${arg_COMMAND} WORKING_DIRECTORY "${SURREALCAF_SERVER_DIR}")
  set_tests_properties(${name} PROPERTIES TIMEOUT 180)
endfunction()
