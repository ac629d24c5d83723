# integration.sql_piped: a script piped into surrealcaf-sql runs in order and
# stops at its first error. Run with -DSQL=<surrealcaf-sql> -DWORK=<dir>;
# SURREALCAF_URL names the server (root user root/root). A namespace of this
# run only, so any server will do, also one that ran this before.
if(NOT DEFINED ENV{SURREALCAF_URL})
  message(FATAL_ERROR "SURREALCAF_URL is not set")
endif()
set(url "$ENV{SURREALCAF_URL}")
string(TIMESTAMP now "%Y%m%d%H%M%S")
string(RANDOM LENGTH 8 ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789" salt)
set(ns "sql_piped_${now}_${salt}")
set(script "${WORK}/sql_piped_${salt}.surql")

file(WRITE "${script}" "\\signin root root root
\\use ${ns} main
-- two records, then read them back
CREATE person:ada SET name = 'Ada Lovelace', born = 1815;
CREATE person:charles SET name = 'Charles Babbage',
  born = 1791;
SELECT name, born FROM person ORDER BY born;
THROW 'sql-piped-boom';
CREATE marker:after SET note = 'must not run';
")

function(check what)
  if(NOT (${ARGN}))
    message(FATAL_ERROR "sql_piped: ${what}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  endif()
endfunction()

execute_process(COMMAND "${SQL}" --endpoint "${url}" INPUT_FILE "${script}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
file(REMOVE "${script}")
check("exit code 1 after the failed statement (got ${rc})" rc EQUAL 1)
check("the records created before the error are printed" out MATCHES "Ada Lovelace")
check("the select before the error is printed with its count and time"
      out MATCHES "-- 2 results in [0-9.]+ (ms|µs|s)\n")
check("Babbage comes first (ORDER BY born)" out MATCHES "Charles Babbage[^\n]*Ada Lovelace")
check("the error goes to stderr with its code and kind"
      err MATCHES "error: server_error \\[Thrown[^]]*\\]: [^\n]*sql-piped-boom")
check("the statement after the error did not run" NOT out MATCHES "marker")
check("the error is not on stdout" NOT out MATCHES "sql-piped-boom")

# A second run (signed in by --user and SURREALCAF_PASS) sees no table
# `marker`: the statement after the error was never sent.
set(ENV{SURREALCAF_PASS} root)
file(WRITE "${script}" "INFO FOR DB;\n")
execute_process(COMMAND "${SQL}" --endpoint "${url}" --user root --ns "${ns}" --db main --json
                INPUT_FILE "${script}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
file(REMOVE "${script}")
check("the check run succeeds (got ${rc})" rc EQUAL 0)
check("the check run prints JSON naming table person" out MATCHES "^{.*\"person\"")
check("no table marker exists" NOT out MATCHES "marker")
check("the password is never printed" NOT out MATCHES "root" AND NOT err MATCHES "root")
message(STATUS "sql_piped: ok (${ns})")
