# NativePkg.cmake: nativepkg's answers in CMake.
#
#   find_package(nativepkg)                 # or include(NativePkg) with CMAKE_MODULE_PATH
#   nativepkg_require(zlib VERSION 1.2 REQUIRED)
#   target_link_libraries(app ZLIB::ZLIB)   # or ${ZLIB_LIBRARIES}, ${ZLIB_INCLUDE_DIRS}
#
# nativepkg_require(<package> [VERSION <v>] [STATIC] [REQUIRED])
#   Runs `nativepkg emit` at configure time for <package> (a recipe name), writing its CMake
#   package configs under NATIVEPKG_OUTPUT_DIR, then find_package()s the CMake package the
#   recipe exports from there (and only there), in CONFIG mode. The files nativepkg read
#   become configure dependencies, so editing one re-runs configure.
#
# Variables: NATIVEPKG_EXECUTABLE (found on PATH, or set by find_package(nativepkg)),
# NATIVEPKG_OUTPUT_DIR (default ${CMAKE_BINARY_DIR}/_nativepkg), NATIVEPKG_STATIC (link every
# package statically), NATIVEPKG_ARGS (extra arguments, e.g. --recipes DIR).
include_guard(GLOBAL)
cmake_minimum_required(VERSION 3.19)

if(NOT NATIVEPKG_EXECUTABLE)
  find_program(NATIVEPKG_EXECUTABLE nativepkg
    HINTS "${CMAKE_CURRENT_LIST_DIR}/../../../bin" "${CMAKE_CURRENT_LIST_DIR}/../../bin")
endif()
set(NATIVEPKG_OUTPUT_DIR "${CMAKE_BINARY_DIR}/_nativepkg" CACHE PATH
    "Where nativepkg writes the package configs this project finds")

# _nativepkg_emit(<recipe> <static> <result-var> <error-var>): writes <recipe>'s outputs.
function(_nativepkg_emit recipe static result error)
  if(NOT NATIVEPKG_EXECUTABLE)
    set(${result} 2 PARENT_SCOPE)
    set(${error} "nativepkg was not found (set NATIVEPKG_EXECUTABLE)" PARENT_SCOPE)
    return()
  endif()
  set(args -q -C "${CMAKE_SOURCE_DIR}" ${NATIVEPKG_ARGS})
  if(static OR NATIVEPKG_STATIC)
    list(APPEND args --static)
  endif()
  execute_process(
    COMMAND "${NATIVEPKG_EXECUTABLE}" ${args} emit --out "${NATIVEPKG_OUTPUT_DIR}" "${recipe}"
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  set(${result} "${rc}" PARENT_SCOPE)
  set(${error} "${err}" PARENT_SCOPE)
  if(NOT rc EQUAL 0)
    return()
  endif()
  # Re-run configure when something nativepkg read changes.
  execute_process(COMMAND "${NATIVEPKG_EXECUTABLE}" ${args} inputs "${recipe}"
    OUTPUT_VARIABLE inputs ERROR_QUIET)
  string(REPLACE "\n" ";" inputs "${inputs}")
  foreach(line IN LISTS inputs)
    if(line MATCHES "^file (.+)$")
      set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                   "${CMAKE_MATCH_1}")
    endif()
  endforeach()
endfunction()

# _nativepkg_cmake_package(<recipe> <out-var>): the CMake package a resolved recipe exports.
function(_nativepkg_cmake_package recipe out)
  set(${out} "" PARENT_SCOPE)
  file(READ "${NATIVEPKG_OUTPUT_DIR}/resolution.json" json)
  string(JSON count LENGTH "${json}" packages)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${json}" packages ${i} name)
    if(name STREQUAL recipe)
      string(JSON type TYPE "${json}" packages ${i} exports cmake)
      if(type STREQUAL "STRING")
        string(JSON pkg GET "${json}" packages ${i} exports cmake)
        set(${out} "${pkg}" PARENT_SCOPE)
      endif()
    endif()
  endforeach()
endfunction()

# A macro, so find_package's result variables land in the caller's scope.
macro(nativepkg_require _np_recipe)
  cmake_parse_arguments(_np "STATIC;REQUIRED" "VERSION" "" ${ARGN})
  _nativepkg_emit("${_np_recipe}" "${_np_STATIC}" _np_rc _np_err)
  if(NOT _np_rc EQUAL 0)
    if(_np_REQUIRED)
      message(FATAL_ERROR "nativepkg_require(${_np_recipe}):\n${_np_err}")
    endif()
    message(WARNING "nativepkg_require(${_np_recipe}):\n${_np_err}")
  else()
    _nativepkg_cmake_package("${_np_recipe}" _np_package)
    if(NOT _np_package)
      message(FATAL_ERROR "nativepkg_require(${_np_recipe}): its recipe exports no CMake package")
    endif()
    set(_np_required)
    if(_np_REQUIRED)
      set(_np_required REQUIRED)
    endif()
    find_package(${_np_package} ${_np_VERSION} ${_np_required} CONFIG
      PATHS "${NATIVEPKG_OUTPUT_DIR}" NO_DEFAULT_PATH)
  endif()
endmacro()
