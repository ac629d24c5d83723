# Compiler set-up shared by every surrealcaf target.

# ccache makes the second build of a clean clone (CI on the same machine) cheap.
# The sloppiness settings let ccache cache TUs built with precompiled headers.
find_program(SURREALCAF_CCACHE ccache)
if(SURREALCAF_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND}" -E env
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
