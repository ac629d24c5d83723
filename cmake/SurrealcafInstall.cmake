# `cmake --install <build>` rules: the libraries, the public headers (both
# trees and the generated version.hpp, all under include/surrealcaf/) and a
# CMake package, so another project can say
#   find_package(surrealcaf 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE surrealcaf::surrealcaf)
# CTest's package.install and package.consumer (tests/package/) check it.

include(CMakePackageConfigHelpers)

set(SURREALCAF_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/surrealcaf")

install(TARGETS surrealcaf_messages surrealcaf_actors surrealcaf
        EXPORT surrealcafTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

foreach(tree messages actors)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/${tree}/surrealcaf/"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/surrealcaf"
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(FILES "${SURREALCAF_GENERATED_INCLUDE_DIR}/surrealcaf/version.hpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/surrealcaf")

install(EXPORT surrealcafTargets
        NAMESPACE surrealcaf::
        DESTINATION "${SURREALCAF_INSTALL_CMAKEDIR}")

configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/surrealcafConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/surrealcafConfig.cmake"
                              INSTALL_DESTINATION "${SURREALCAF_INSTALL_CMAKEDIR}")
# SameMinorVersion: while the major version is 0, a new minor version may
# break the API and the ABI (as the soname says, see SurrealcafVersion.cmake),
# so a request for 0.1 accepts 0.1.x at or above it and refuses 0.2 and 1.0.
# SameMajorVersion would let 0.2 satisfy 0.1; revisit at 1.0.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/surrealcafConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}"
                                 COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/surrealcafConfig.cmake"
              "${PROJECT_BINARY_DIR}/surrealcafConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/FindCAF.cmake"
        DESTINATION "${SURREALCAF_INSTALL_CMAKEDIR}")
