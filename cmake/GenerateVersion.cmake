# Writes the version header with the current git hash; run at every build (not only at configure),
# so that datasets record the commit they were made with. configure_file leaves the file untouched
# when nothing changed, so nothing recompiles needlessly.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE SIMFORGE_GIT_HASH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT SIMFORGE_GIT_HASH)
  set(SIMFORGE_GIT_HASH "unknown")
endif()
configure_file(${SOURCE_DIR}/cmake/version.hpp.in ${OUTPUT} @ONLY)
