# Helpers for building nativepkg itself (not installed; consumers use NativePkg*.cmake).
include_guard(GLOBAL)
include(CheckCCompilerFlag)

# np_target_defaults(<target>): the warning set of STYLE.md (each flag checked first),
# -Werror, GCC's static analyzer and the sanitizers when asked. Applied per target, not globally: the
# test fixtures are libraries that plain `cc` links in probes, so they stay uninstrumented.
function(np_target_defaults target)
  set(flags -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
            -Wformat=2 -Wwrite-strings -Wvla -Wimplicit-fallthrough)
  foreach(flag IN LISTS flags)
    string(MAKE_C_IDENTIFIER "np_has${flag}" var)
    check_c_compiler_flag("${flag}" ${var})
    if(${var})
      target_compile_options(${target} PRIVATE ${flag})
    endif()
  endforeach()
  if(NATIVEPKG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(NATIVEPKG_ANALYZER)
    target_compile_options(${target} PRIVATE -fanalyzer)
  endif()
  if(NATIVEPKG_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${NATIVEPKG_SANITIZE}
                           -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${NATIVEPKG_SANITIZE})
  endif()
endfunction()

# np_soname(<out-var> <library-file>): the SONAME recorded in a shared library, which is
# what dlopen() must be given (libcurl.so is a development symlink; libcurl.so.4 is the ABI).
function(np_soname out lib)
  get_filename_component(real "${lib}" REALPATH)
  set(tool "${CMAKE_READELF}")
  if(NOT tool)
    find_program(tool NAMES readelf)
  endif()
  if(NOT tool)
    message(FATAL_ERROR "readelf is needed to read the SONAME of ${lib}")
  endif()
  execute_process(COMMAND "${tool}" -d "${real}" OUTPUT_VARIABLE dyn RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT dyn MATCHES "Library soname: \\[([^]]+)\\]")
    message(FATAL_ERROR "cannot read the SONAME of ${real}")
  endif()
  set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()

# np_find_library_file(<out-var> <pkg-config-prefix> <name>): the shared library file that
# pkg_check_modules found for -l<name>.
function(np_find_library_file out prefix name)
  foreach(lib IN LISTS ${prefix}_LINK_LIBRARIES)
    get_filename_component(base "${lib}" NAME)
    if(base MATCHES "^lib${name}\\.so")
      set(${out} "${lib}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "pkg-config module for ${name} gave no lib${name}.so")
endfunction()
