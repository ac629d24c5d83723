# FindCAF.cmake — locate the C++ Actor Framework (CAF) 0.17 as Debian ships it.
#
# Debian's libcaf-dev installs headers and shared libraries but no CMake package
# config and no pkg-config file, so we find them by hand. The imported target
# names match the ones upstream CAF exports (CAF::core, CAF::io, CAF::openssl),
# so a CAF built from source with its own CAFConfig.cmake is a drop-in swap.
#
# Components: core (always), io, openssl.
#
# Result variables:
#   CAF_FOUND, CAF_VERSION, CAF_INCLUDE_DIR, CAF_<comp>_LIBRARY, CAF_<comp>_FOUND
# Imported targets:
#   CAF::core     libcaf_core (+ Threads)
#   CAF::io       libcaf_io (+ CAF::core)
#   CAF::openssl  libcaf_openssl (+ CAF::io, OpenSSL::SSL)
#
# Hints: CAF_ROOT (a prefix holding include/ and lib/).

include(FindPackageHandleStandardArgs)

find_path(CAF_INCLUDE_DIR NAMES caf/config.hpp HINTS "${CAF_ROOT}/include")

# CAF encodes its version as one integer: 1706 means 0.17.6.
if(CAF_INCLUDE_DIR AND EXISTS "${CAF_INCLUDE_DIR}/caf/config.hpp")
  file(STRINGS "${CAF_INCLUDE_DIR}/caf/config.hpp" _caf_version_line
       REGEX "^#define CAF_VERSION [0-9]+")
  string(REGEX REPLACE "^#define CAF_VERSION ([0-9]+).*" "\\1" _caf_version_int
         "${_caf_version_line}")
  if(_caf_version_int)
    math(EXPR _caf_major "${_caf_version_int} / 10000")
    math(EXPR _caf_minor "(${_caf_version_int} / 100) % 100")
    math(EXPR _caf_patch "${_caf_version_int} % 100")
    set(CAF_VERSION "${_caf_major}.${_caf_minor}.${_caf_patch}")
  endif()
endif()

if(NOT CAF_FIND_COMPONENTS)
  set(CAF_FIND_COMPONENTS core)
endif()
if(NOT "core" IN_LIST CAF_FIND_COMPONENTS)
  list(PREPEND CAF_FIND_COMPONENTS core)
endif()

foreach(_comp IN LISTS CAF_FIND_COMPONENTS)
  find_library(CAF_${_comp}_LIBRARY NAMES caf_${_comp} HINTS "${CAF_ROOT}/lib")
  if(CAF_${_comp}_LIBRARY)
    set(CAF_${_comp}_FOUND TRUE)
  else()
    set(CAF_${_comp}_FOUND FALSE)
  endif()
  mark_as_advanced(CAF_${_comp}_LIBRARY)
endforeach()
mark_as_advanced(CAF_INCLUDE_DIR)

find_package_handle_standard_args(CAF
  REQUIRED_VARS CAF_INCLUDE_DIR CAF_core_LIBRARY
  VERSION_VAR CAF_VERSION
  HANDLE_COMPONENTS)

if(NOT CAF_FOUND)
  return()
endif()

find_package(Threads REQUIRED)

function(_caf_add_target comp)
  if(TARGET CAF::${comp} OR NOT CAF_${comp}_FOUND)
    return()
  endif()
  add_library(CAF::${comp} UNKNOWN IMPORTED)
  set_target_properties(CAF::${comp} PROPERTIES
    IMPORTED_LOCATION "${CAF_${comp}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${ARGN}")
endfunction()

_caf_add_target(core Threads::Threads)
_caf_add_target(io CAF::core)
if(CAF_openssl_FOUND)
  find_package(OpenSSL REQUIRED)
  _caf_add_target(openssl CAF::io OpenSSL::SSL)
endif()
