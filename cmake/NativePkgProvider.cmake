# NativePkgProvider.cmake: answer find_package() with nativepkg, without editing the project.
#
#   cmake -S src -B build -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=<prefix>/share/nativepkg/cmake/NativePkgProvider.cmake
#
# Every find_package(<Name> ...) whose <Name> a recipe exports (ZLIB, PNG, CURL, OpenSSL, ...:
# `nativepkg recipe list --cmake`) is answered from nativepkg's resolution, in CONFIG mode,
# with the request's version, EXACT, QUIET, REQUIRED and COMPONENTS. Anything else goes to
# CMake's usual search. Needs CMake 3.24 (dependency providers).
cmake_minimum_required(VERSION 3.24)
include("${CMAKE_CURRENT_LIST_DIR}/NativePkg.cmake")

macro(nativepkg_provide_dependency _np_method _np_name)
  get_property(_np_map GLOBAL PROPERTY NATIVEPKG_CMAKE_PACKAGES)
  if(NOT _np_map AND NATIVEPKG_EXECUTABLE)
    execute_process(COMMAND "${NATIVEPKG_EXECUTABLE}" -C "${CMAKE_SOURCE_DIR}" ${NATIVEPKG_ARGS}
      recipe list --cmake OUTPUT_VARIABLE _np_map ERROR_QUIET)
    string(REPLACE "\n" ";" _np_map "${_np_map}")
    set_property(GLOBAL PROPERTY NATIVEPKG_CMAKE_PACKAGES "${_np_map};")
  endif()
  set(_np_recipe "")
  foreach(_np_line IN LISTS _np_map)
    if(_np_line MATCHES "^([^ ]+) (.+)$" AND CMAKE_MATCH_1 STREQUAL "${_np_name}")
      set(_np_recipe "${CMAKE_MATCH_2}")
    endif()
  endforeach()
  if(_np_recipe)
    _nativepkg_emit("${_np_recipe}" FALSE _np_rc _np_err)
    if(_np_rc EQUAL 0)
      # The request's own arguments, minus the mode: nativepkg's answer is a config file.
      set(_np_args ${ARGN})
      list(REMOVE_ITEM _np_args MODULE CONFIG NO_MODULE)
      find_package(${_np_name} ${_np_args} BYPASS_PROVIDER CONFIG
        PATHS "${NATIVEPKG_OUTPUT_DIR}" NO_DEFAULT_PATH)
    elseif("REQUIRED" IN_LIST ARGN)
      message(FATAL_ERROR "nativepkg could not provide ${_np_name} (recipe ${_np_recipe}):\n${_np_err}")
    else()
      message(STATUS "nativepkg could not provide ${_np_name}: ${_np_err}")
    endif()
  endif()
endmacro()

cmake_language(SET_DEPENDENCY_PROVIDER nativepkg_provide_dependency
  SUPPORTED_METHODS FIND_PACKAGE)
