# Compiles tests/compile_fail/sealed_interfaces.cpp with -DSEALED_CASE=<CASE>
# (syntax only) and checks the outcome: case 0 must compile; every other case
# must fail, and fail because an actor interface refused the message or the
# handle (CAF's static_asserts), not because a header or a name is missing.
# Arguments (-D): COMPILER, SOURCE, CASE, INCLUDES (directories joined by |).
string(REPLACE "|" ";" include_list "${INCLUDES}")
set(include_flags "")
foreach(dir IN LISTS include_list)
  # System directories stay in their place at the end of the search path.
  if(dir AND NOT dir STREQUAL "/usr/include" AND NOT dir STREQUAL "/usr/local/include")
    list(APPEND include_flags "-I${dir}")
  endif()
endforeach()
execute_process(
  COMMAND "${COMPILER}" -std=c++17 -fsyntax-only ${include_flags} "-DSEALED_CASE=${CASE}"
          "${SOURCE}"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
if(CASE EQUAL 0)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "the control case must compile, but:\n${out}")
  endif()
  message(STATUS "control case compiles")
  return()
endif()
if(result EQUAL 0)
  message(FATAL_ERROR "case ${CASE} compiled: the public interface accepts an internal message")
endif()
if(out MATCHES "No such file|was not declared|has not been declared|does not name a type|is not a member")
  message(FATAL_ERROR "case ${CASE} failed for the wrong reason (a missing name):\n${out}")
endif()
if(NOT out MATCHES "receiver does not accept given message|Cannot assign incompatible handle")
  message(FATAL_ERROR "case ${CASE} failed, but not on an actor interface:\n${out}")
endif()
message(STATUS "case ${CASE} is refused by the interface, as it must be")
