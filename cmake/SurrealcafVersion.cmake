# surrealcaf's version where code and packages see it: the generated header
# surrealcaf/version.hpp (the macros and `surrealcaf::version()`, see
# messages/surrealcaf/version.hpp.in) and the shared libraries' soname. The
# one place the version is written is the project() call.

include(GNUInstallDirs)

# The generated headers live here in the build tree (surrealcaf_messages puts
# the directory on its include path) and go to include/ on install.
set(SURREALCAF_GENERATED_INCLUDE_DIR "${PROJECT_BINARY_DIR}/include")
configure_file("${PROJECT_SOURCE_DIR}/messages/surrealcaf/version.hpp.in"
               "${SURREALCAF_GENERATED_INCLUDE_DIR}/surrealcaf/version.hpp" @ONLY)

# The soname (BUILD_SHARED_LIBS=ON): while the major version is 0 a minor
# release may break the ABI, so it carries major.minor
# (libsurrealcaf_actors.so.0.1); from 1.0 on, the major version alone.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(SURREALCAF_SOVERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}")
else()
  set(SURREALCAF_SOVERSION "${PROJECT_VERSION_MAJOR}")
endif()
