# Compiler set-up shared by every surrealcaf target, in the main build and in
# the fuzz build (tests/fuzz, a project of its own).

# ccache makes the build of a fresh clone cheap when the machine built the
# same sources before (CI runs on the machine of the session that submitted).
# BASEDIR and NOHASHDIR make hits independent of where the clone lives; the
# sloppiness settings let ccache cache TUs built with precompiled headers.
# BASEDIR is the repository root (this file's parent directory), not the
# including project's, so the fuzz build's sources in messages/ count too.
get_filename_component(surrealcaf_ccache_basedir "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
find_program(SURREALCAF_CCACHE ccache)
if(SURREALCAF_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND}" -E env
      "CCACHE_BASEDIR=${surrealcaf_ccache_basedir}"
      "CCACHE_NOHASHDIR=true"
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "${SURREALCAF_CCACHE}")
endif()

# Warnings for our own code only: third-party headers come from /usr/include,
# which GCC treats as system headers, so they stay quiet.
function(surrealcaf_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(SURREALCAF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# AddressSanitizer (with LeakSanitizer) and UBSan for every target of the
# project, including the tests. UBSan's null check stays off: CAF 0.17.6's
# own headers bind a reference through a null pointer when an actor is
# spawned (detail/init_fun_factory.hpp), which would fail every test.
macro(surrealcaf_sanitize)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=null
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endmacro()
