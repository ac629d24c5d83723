# package.consumer: configures tests/package/consumer/ (a project of its own)
# against the prefix package.install filled, builds it, checks that it used
# the installed package and nothing of surrealcaf's source or build tree,
# and runs it. CTest runs this script through the engine launcher, so the
# program finds the engine in SURREALCAF_URL. Arguments (-D...):
#   SOURCE    the consumer project        BINARY   its build directory (emptied)
#   PREFIX    the install prefix          LIBDIR   lib dir relative to it
#   INCLUDEDIR  include dir relative to it
#   PROJECT_SOURCE, PROJECT_BINARY  surrealcaf's source and build trees
#   GENERATOR, CXX_COMPILER, BUILD_TYPE  as in surrealcaf's build
#   LAUNCHER  the compiler launcher (ccache), list items joined with "|"
cmake_minimum_required(VERSION 3.16)

foreach(var SOURCE BINARY PREFIX LIBDIR INCLUDEDIR PROJECT_SOURCE PROJECT_BINARY GENERATOR
            CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "consumer.cmake needs -D${var}=...")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package.consumer: ${what} failed (${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE "${BINARY}")
set(configure_args
  -S "${SOURCE}" -B "${BINARY}" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_PREFIX_PATH=${PREFIX}"
  # Only the prefix: not the user package registry (where a build tree could
  # have registered itself).
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
if(BUILD_TYPE)
  list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
endif()
# The launcher is a list in one argument, so it is passed quoted, outside
# configure_args and run(), whose expansions would split it.
string(REPLACE "|" ";" launcher "${LAUNCHER}")
message(STATUS "package.consumer: configuring ${SOURCE} with CMAKE_PREFIX_PATH=${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" ${configure_args}
                        "-DCMAKE_CXX_COMPILER_LAUNCHER=${launcher}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package.consumer: configuring the consumer failed (${rc})")
endif()

# find_package(surrealcaf) took the package in the prefix.
file(STRINGS "${BINARY}/CMakeCache.txt" dir_line REGEX "^surrealcaf_DIR:")
string(REGEX REPLACE "^[^=]*=" "" found_dir "${dir_line}")
get_filename_component(found_dir "${found_dir}" REALPATH)
get_filename_component(expected_dir "${PREFIX}/${LIBDIR}/cmake/surrealcaf" REALPATH)
if(NOT found_dir STREQUAL expected_dir)
  message(FATAL_ERROR "package.consumer: surrealcaf_DIR is '${found_dir}', not ${expected_dir}")
endif()

message(STATUS "package.consumer: building")
run("building the consumer" "${CMAKE_COMMAND}" --build "${BINARY}")

# The compiler saw the prefix's headers, never the source tree's or the build
# tree's (the prefix itself lies in the build tree, hence the exact paths).
file(READ "${BINARY}/compile_commands.json" commands)
string(FIND "${commands}" "${PREFIX}/${INCLUDEDIR}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "package.consumer: the compile command lacks ${PREFIX}/${INCLUDEDIR}")
endif()
foreach(forbidden "${PROJECT_SOURCE}/messages" "${PROJECT_SOURCE}/actors"
                  "${PROJECT_BINARY}/include")
  string(FIND "${commands}" "${forbidden}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "package.consumer: the compile command uses ${forbidden}")
  endif()
endforeach()

# The linker took the prefix's libraries, not the build tree's.
if(EXISTS "${BINARY}/CMakeFiles/app.dir/link.txt")
  file(READ "${BINARY}/CMakeFiles/app.dir/link.txt" link)
elseif(EXISTS "${BINARY}/build.ninja")
  file(READ "${BINARY}/build.ninja" link)
else()
  message(FATAL_ERROR "package.consumer: no link command found (generator ${GENERATOR})")
endif()
foreach(lib surrealcaf_messages surrealcaf_actors)
  string(FIND "${link}" "${PREFIX}/${LIBDIR}/lib${lib}." at)
  if(at EQUAL -1)
    message(FATAL_ERROR "package.consumer: the link does not use ${PREFIX}/${LIBDIR}/lib${lib}")
  endif()
endforeach()
foreach(forbidden "${PROJECT_BINARY}/messages/" "${PROJECT_BINARY}/actors/")
  string(FIND "${link}" "${forbidden}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "package.consumer: the link uses ${forbidden}")
  endif()
endforeach()

message(STATUS "package.consumer: running ${BINARY}/app against $ENV{SURREALCAF_URL}")
run("the consumer" "${BINARY}/app")
