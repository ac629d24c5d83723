# package.install: `cmake --install` of the build into a fresh prefix, then a
# check of what landed there. Run by CTest as
#   cmake -DBUILD_DIR=<build> -DPREFIX=<prefix> -DLIBDIR=<lib dir>
#         -DINCLUDEDIR=<include dir> -DVERSION=<project version> -P install.cmake
# (LIBDIR and INCLUDEDIR relative to the prefix, as GNUInstallDirs gives them).
cmake_minimum_required(VERSION 3.16)

foreach(var BUILD_DIR PREFIX LIBDIR INCLUDEDIR VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install.cmake needs -D${var}=...")
  endif()
endforeach()

# A fresh prefix: files of an earlier install must not hide a missing one.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()

set(failures "")
macro(problem text)
  list(APPEND failures "${text}")
endmacro()

set(cmakedir "${PREFIX}/${LIBDIR}/cmake/surrealcaf")
set(incdir "${PREFIX}/${INCLUDEDIR}")
foreach(f
    "${cmakedir}/surrealcafConfig.cmake"
    "${cmakedir}/surrealcafConfigVersion.cmake"
    "${cmakedir}/surrealcafTargets.cmake"
    "${cmakedir}/FindCAF.cmake"
    "${incdir}/surrealcaf/version.hpp"
    "${incdir}/surrealcaf/blocking.hpp"
    "${incdir}/surrealcaf/value.hpp"
    "${incdir}/surrealcaf/detail/backoff.hpp"
    "${incdir}/surrealcaf/rpc/request.hpp")
  if(NOT EXISTS "${f}")
    problem("missing ${f}")
  endif()
endforeach()
foreach(lib surrealcaf_messages surrealcaf_actors)
  file(GLOB found "${PREFIX}/${LIBDIR}/lib${lib}.*")
  if(NOT found)
    problem("missing ${PREFIX}/${LIBDIR}/lib${lib}.a (or .so)")
  endif()
endforeach()

# The version header says the project's version.
file(STRINGS "${incdir}/surrealcaf/version.hpp" version_line
     REGEX "^#define SURREALCAF_VERSION_STRING ")
if(NOT version_line MATCHES "\"${VERSION}\"")
  problem("version.hpp says '${version_line}', the project ${VERSION}")
endif()

# Only headers, and every surrealcaf header an installed header includes is
# installed too (a public header must not reach into src/ or the build tree).
file(GLOB_RECURSE installed RELATIVE "${incdir}" "${incdir}/*")
foreach(f IN LISTS installed)
  if(NOT f MATCHES "^surrealcaf/.*\\.hpp$")
    problem("unexpected file in include/: ${f}")
    continue()
  endif()
  file(STRINGS "${incdir}/${f}" includes REGEX "^#include \"surrealcaf/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" header "${line}")
    if(NOT EXISTS "${incdir}/${header}")
      problem("${f} includes ${header}, which is not installed")
    endif()
  endforeach()
endforeach()

# The version file's answers to find_package(surrealcaf <request>): 0.x
# semantics, where a new minor version may break (SameMinorVersion).
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)\\.([0-9]+)" _ "${VERSION}")
set(major ${CMAKE_MATCH_1})
set(minor ${CMAKE_MATCH_2})
set(patch ${CMAKE_MATCH_3})
math(EXPR next_minor "${minor} + 1")
math(EXPR next_major "${major} + 1")
math(EXPR next_patch "${patch} + 1")
set(accepted "${major}.${minor}" "${VERSION}")
set(refused "${major}.${next_minor}" "${next_major}.${minor}" "${major}.${minor}.${next_patch}")
if(minor GREATER 0)
  math(EXPR prev_minor "${minor} - 1")
  list(APPEND refused "${major}.${prev_minor}")
endif()
function(version_file_accepts request out)
  set(PACKAGE_FIND_VERSION "${request}")
  string(REPLACE "." ";" parts "${request}.0.0")
  list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
  list(GET parts 1 PACKAGE_FIND_VERSION_MINOR)
  list(GET parts 2 PACKAGE_FIND_VERSION_PATCH)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
  include("${cmakedir}/surrealcafConfigVersion.cmake")
  set(${out} "${PACKAGE_VERSION_COMPATIBLE}" PARENT_SCOPE)
endfunction()
if(EXISTS "${cmakedir}/surrealcafConfigVersion.cmake")
  foreach(request IN LISTS accepted)
    version_file_accepts("${request}" ok)
    if(NOT ok)
      problem("the version file refuses find_package(surrealcaf ${request})")
    endif()
  endforeach()
  foreach(request IN LISTS refused)
    version_file_accepts("${request}" ok)
    if(ok)
      problem("the version file accepts find_package(surrealcaf ${request})")
    endif()
  endforeach()
endif()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "the installed package in ${PREFIX} is incomplete:\n  ${text}")
endif()
file(GLOB_RECURSE all_files "${PREFIX}/*")
list(LENGTH all_files count)
message(STATUS "package.install: surrealcaf ${VERSION}, ${count} files in ${PREFIX}")
