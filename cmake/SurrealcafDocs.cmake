# The API reference: Doxygen over the public headers of both trees (with the
# generated version.hpp), docs/namespaces.dox and docs/*.md as pages, with
# docs/README.md as the main page (docs/Doxyfile.in).
#   cmake --build build --target docs   ->  build/docs/html/index.html
# The `docs` target is not part of `all`. With tests on, CTest's
# docs.doxygen runs the same configuration with every warning an error (an
# undocumented public symbol, a wrong \param name, a broken link) and writes
# into build/docs-check/, so it never races the docs target.

find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  message(STATUS "Doxygen not found: no `docs` target and no docs.doxygen test "
                 "(scripts/setup installs the doxygen package)")
  return()
endif()

# surrealcaf_doxyfile(<output file> <output directory> <WARN_AS_ERROR value>)
function(surrealcaf_doxyfile file output warn_as_error)
  set(SURREALCAF_DOCS_OUTPUT "${output}")
  set(SURREALCAF_DOCS_WARN_AS_ERROR "${warn_as_error}")
  configure_file("${PROJECT_SOURCE_DIR}/docs/Doxyfile.in" "${file}" @ONLY)
endfunction()

surrealcaf_doxyfile("${PROJECT_BINARY_DIR}/docs/Doxyfile" "${PROJECT_BINARY_DIR}/docs" NO)
add_custom_target(docs
  COMMAND "${DOXYGEN_EXECUTABLE}" "${PROJECT_BINARY_DIR}/docs/Doxyfile"
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Doxygen: ${PROJECT_BINARY_DIR}/docs/html/index.html"
  VERBATIM)

if(SURREALCAF_BUILD_TESTS)
  # FAIL_ON_WARNINGS: Doxygen reports every warning and then exits non-zero;
  # the regular expression catches a warning should the exit code not.
  surrealcaf_doxyfile("${PROJECT_BINARY_DIR}/docs-check/Doxyfile"
                      "${PROJECT_BINARY_DIR}/docs-check" FAIL_ON_WARNINGS)
  add_test(NAME docs.doxygen
           COMMAND "${DOXYGEN_EXECUTABLE}" "${PROJECT_BINARY_DIR}/docs-check/Doxyfile"
           WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties(docs.doxygen PROPERTIES
    LABELS docs
    TIMEOUT 120
    FAIL_REGULAR_EXPRESSION "(warning|error):")
endif()
