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
# The refusal must point at the case's own lines (gcc's "required from here"),
# not at some other line of the file.
file(STRINGS "${SOURCE}" source_lines)
set(line_no 0)
set(in_case FALSE)
set(case_lines "")
foreach(line IN LISTS source_lines)
  math(EXPR line_no "${line_no} + 1")
  if(line MATCHES "^#")
    set(in_case FALSE)
    if(line MATCHES "^#elif SEALED_CASE == ${CASE}$")
      set(in_case TRUE)
    endif()
  elseif(in_case)
    list(APPEND case_lines ${line_no})
  endif()
endforeach()
set(points_at_case FALSE)
foreach(n IN LISTS case_lines)
  if(out MATCHES "sealed_interfaces\\.cpp:${n}:")
    set(points_at_case TRUE)
  endif()
endforeach()
if(NOT points_at_case)
  message(FATAL_ERROR "case ${CASE} was refused, but not on its own lines (${case_lines}):\n${out}")
endif()
message(STATUS "case ${CASE} is refused by the interface on line(s) ${case_lines}, as it must be")
